import { interrupt, killGroup, launch, projectCopy, runningAt, type Launch } from "../setup/launcher";

// `npm run dev` as a newcomer runs it: remix dev builds and serves the app
// with plain Node (remix-serve), the launcher starts a private Redis, a mail
// catcher and a worker, and Ctrl-C stops every one of them.

const copy = projectCopy();
let dev: Launch | undefined;

afterAll(() => {
  killGroup(dev);
  copy.remove();
});

describe("npm run dev", () => {
  it("serves the login page and the healthcheck, and Ctrl-C stops everything it started", async () => {
    dev = launch(copy.dir, "dev");
    // remix dev builds first; slow on a small, busy machine.
    const url = await runningAt(dev, 240_000);
    const base = url.replace("localhost", "127.0.0.1");

    const health = await fetch(`${base}/healthcheck`);
    expect(health.status).toBe(200);
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/Log in/i);

    expect(await interrupt(dev)).toEqual([]);
  }, 300_000);
});
