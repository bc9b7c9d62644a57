/**
 * Item-to-item co-purchase similarity: cosine similarity of the sets of
 * customers who bought each product, multiplied by co / (co + shrinkage) so
 * that two rare products bought together once or twice do not look like a
 * strong pair. Only the strongest neighbours of each product are kept.
 */
export type Neighbour = { productId: number; similarity: number; together: number };
export type ItemSimilarity = Map<number, Neighbour[]>;

export const DEFAULT_SHRINKAGE = 5;
const MAX_NEIGHBOURS = 20;
// Pairs are counted in one Map keyed by both ids; product ids stay far below this.
const KEY = 2 ** 26;

export function itemSimilarity(
  baskets: Iterable<readonly number[]>,
  shrinkage = DEFAULT_SHRINKAGE,
): ItemSimilarity {
  const buyers = new Map<number, number>();
  const together = new Map<number, number>();
  for (const basket of baskets) {
    const items = [...new Set(basket)].sort((x, y) => x - y);
    for (let i = 0; i < items.length; i++) {
      buyers.set(items[i], (buyers.get(items[i]) ?? 0) + 1);
      for (let j = i + 1; j < items.length; j++) {
        const key = items[i] * KEY + items[j];
        together.set(key, (together.get(key) ?? 0) + 1);
      }
    }
  }
  const neighbours: ItemSimilarity = new Map();
  const add = (from: number, to: number, similarity: number, co: number) => {
    const list = neighbours.get(from) ?? [];
    list.push({ productId: to, similarity, together: co });
    neighbours.set(from, list);
  };
  for (const [key, co] of together) {
    const i = Math.floor(key / KEY);
    const j = key % KEY;
    const cosine = co / Math.sqrt(buyers.get(i)! * buyers.get(j)!);
    const similarity = cosine * (co / (co + shrinkage));
    add(i, j, similarity, co);
    add(j, i, similarity, co);
  }
  for (const [id, list] of neighbours) {
    list.sort((x, y) => y.similarity - x.similarity || x.productId - y.productId);
    neighbours.set(id, list.slice(0, MAX_NEIGHBOURS));
  }
  return neighbours;
}

export type Recommendation = { productId: number; score: number; because: number };

/**
 * The products the customer has not bought that their purchases point to
 * most, best first; `because` is the purchase that points to it most strongly.
 */
export function recommend(
  similarity: ItemSimilarity,
  bought: readonly number[],
  options: { limit?: number; exclude?: ReadonlySet<number> } = {},
): Recommendation[] {
  const owned = new Set(bought);
  const candidates = new Map<number, Recommendation & { strongest: number }>();
  for (const item of owned) {
    for (const n of similarity.get(item) ?? []) {
      if (owned.has(n.productId) || options.exclude?.has(n.productId)) continue;
      const current = candidates.get(n.productId);
      if (!current) {
        candidates.set(n.productId, {
          productId: n.productId,
          score: n.similarity,
          because: item,
          strongest: n.similarity,
        });
        continue;
      }
      current.score += n.similarity;
      if (n.similarity > current.strongest)
        Object.assign(current, { because: item, strongest: n.similarity });
    }
  }
  return [...candidates.values()]
    .sort((x, y) => y.score - x.score || x.productId - y.productId)
    .slice(0, options.limit ?? 3)
    .map(({ productId, score, because }) => ({ productId, score, because }));
}

export type Relevance = {
  relevance: number;
  boughtFeatured: boolean;
  via: number | null;
  featured: number | null;
};

/**
 * How well a campaign's featured products fit a customer, in [0, 1]: 1 when
 * they bought one already, else the strongest similarity between something
 * they bought and something featured (and which pair that was, to say so).
 */
export function relevance(
  similarity: ItemSimilarity,
  bought: readonly number[],
  featured: readonly number[],
): Relevance {
  const wanted = new Set(featured);
  if (bought.some((p) => wanted.has(p)))
    return { relevance: 1, boughtFeatured: true, via: null, featured: null };
  let best: Relevance = { relevance: 0, boughtFeatured: false, via: null, featured: null };
  for (const item of new Set(bought)) {
    for (const n of similarity.get(item) ?? []) {
      if (wanted.has(n.productId) && n.similarity > best.relevance)
        best = { relevance: n.similarity, boughtFeatured: false, via: item, featured: n.productId };
    }
  }
  return best;
}
