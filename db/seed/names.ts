// Names from many cultures, so that the demo and its screenshots look like a
// real customer list; diacritics and apostrophes are kept, because real
// customer data has them and the templates must cope.

export const FIRST_NAMES = [
  ...["Olivia", "Amelia", "Isla", "Ava", "Grace", "Freya", "Florence", "Evie", "Poppy", "Rosie"],
  ...["Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Alfie", "Theo", "Jack"],
  ...["Aoife", "Siobhán", "Niamh", "Saoirse", "Cian", "Seán", "Oisín", "Ciarán", "Eilidh", "Rhys"],
  ...["Priya", "Ananya", "Aarav", "Rohan", "Anjali", "Vikram", "Harpreet", "Gurpreet", "Sanjay", "Meera"],
  ...["Fatima", "Aisha", "Zainab", "Maryam", "Omar", "Yusuf", "Ibrahim", "Hamza", "Tariq", "Leila"],
  ...["Mei", "Wei", "Xiu", "Jun", "Yuki", "Haruto", "Sakura", "Min-jun", "Ji-woo", "Seo-yeon"],
  ...["Linh", "Minh", "Thảo", "Chloé", "Léa", "Camille", "Étienne", "Lukas", "Jonas", "Hannah"],
  ...["Sanne", "Daan", "Femke", "Lucía", "Sofía", "Mateo", "Diego", "João", "Inês", "Giulia"],
  ...["Chidi", "Amara", "Kwame", "Ngozi", "Adaeze", "Kofi", "Abena", "Tendai", "Thandiwe", "Sipho"],
  ...["Elif", "Mehmet", "Zofia", "Krzysztof", "Agnieszka", "Olga", "Dmitri", "Nikos", "Eleni", "Astrid"],
  ...["Mia", "Emma", "Sophia", "James", "Ethan", "Kai", "Aroha", "Wiremu", "Maya", "Samuel"],
];

export const LAST_NAMES = [
  ...["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker"],
  ...["Hughes", "Edwards", "Clarke", "Wright", "Green", "Hall", "Wood", "Harris", "Lewis", "Jackson"],
  ...[
    "Murphy",
    "O'Brien",
    "Kelly",
    "Byrne",
    "Ó Súilleabháin",
    "MacLeod",
    "Campbell",
    "Fraser",
    "Davies",
    "Price",
  ],
  ...["Patel", "Shah", "Sharma", "Singh", "Kaur", "Gupta", "Iyer", "Reddy", "Das", "Mehta"],
  ...["Khan", "Ahmed", "Hussain", "Begum", "Ali", "Rahman", "Haddad", "Nasser", "Karimi", "Hosseini"],
  ...["Chen", "Wang", "Li", "Zhang", "Liu", "Tanaka", "Sato", "Suzuki", "Kim", "Park"],
  ...["Nguyen", "Tran", "Pham", "Martin", "Bernard", "Dubois", "Lefèvre", "Müller", "Schmidt", "Schäfer"],
  ...[
    "de Vries",
    "Jansen",
    "van Dijk",
    "García",
    "Fernández",
    "López",
    "Martínez",
    "Silva",
    "Santos",
    "Costa",
  ],
  ...["Okafor", "Mensah", "Adeyemi", "Okonkwo", "Boateng", "Mwangi", "Dlamini", "Nkosi", "Abebe", "Diallo"],
  ...[
    "Yılmaz",
    "Demir",
    "Kowalski",
    "Nowak",
    "Wiśniewska",
    "Ivanova",
    "Papadopoulos",
    "Rossi",
    "Bianchi",
    "Andersen",
  ],
];

export type Place = { country: string; timezone: string; utcOffsetHours: number; weight: number };

// Mostly the UK, then the roaster's delivery zones abroad. The offsets ignore
// daylight saving: they only move order times into the customer's waking hours.
export const PLACES: Place[] = [
  { country: "GB", timezone: "Europe/London", utcOffsetHours: 0, weight: 64 },
  { country: "IE", timezone: "Europe/Dublin", utcOffsetHours: 0, weight: 8 },
  { country: "FR", timezone: "Europe/Paris", utcOffsetHours: 1, weight: 4 },
  { country: "DE", timezone: "Europe/Berlin", utcOffsetHours: 1, weight: 4 },
  { country: "NL", timezone: "Europe/Amsterdam", utcOffsetHours: 1, weight: 4 },
  { country: "US", timezone: "America/New_York", utcOffsetHours: -5, weight: 5 },
  { country: "US", timezone: "America/Chicago", utcOffsetHours: -6, weight: 2 },
  { country: "US", timezone: "America/Denver", utcOffsetHours: -7, weight: 1 },
  { country: "US", timezone: "America/Los_Angeles", utcOffsetHours: -8, weight: 3 },
  { country: "CA", timezone: "America/Toronto", utcOffsetHours: -5, weight: 2 },
  { country: "AU", timezone: "Australia/Sydney", utcOffsetHours: 10, weight: 3 },
];

export const EMAIL_DOMAINS = ["example.com", "example.org", "example.net"] as const;

export const CARE_NOTES = [
  { reason: "bereavement", note: "Asked for fewer emails after a bereavement" },
  { reason: "financial_hardship", note: "Told us about financial hardship; no promotions please" },
  { reason: "own_request", note: "Asked us by phone not to send offers for now" },
  { reason: "other", note: "Asked for a pause in marketing for a while" },
] as const;
