/**
 * The synthetic organisation: divisions, queues, users and wrap-up codes, all derived from the
 * seed. Small and built eagerly (conversations, the big part, are generated lazily in traffic.ts).
 *
 * Shape (documented because `Simulator.org` is public):
 * - `divisions`: `{id, name}`; always three: Home, Retail, Business. Queue i is in division i % 3.
 * - `queues`: `SimQueue` below. `mediaTypes` are the media the queue really receives;
 *   `serviceLevel[media]` is the SL target `{percentage (0..1), durationMs}` used by oServiceLevel.
 * - `users`: agents (who answer conversations) and one supervisor. `demoUsers` are the identities
 *   offered on the sign-in page: Sam Supervisor (every division) and Alex Agent (Home only).
 * - `wrapUpCodes`: `{id, name}`.
 */
import { hashString, rngFor, uuidFrom, type Rng } from "./random";

export const SIM_MEDIA = ["voice", "chat", "email", "message"] as const;
export type SimMediaType = (typeof SIM_MEDIA)[number];
/** Index into SIM_MEDIA; the compact conversation record stores this number. */
export type MediaIndex = 0 | 1 | 2 | 3;

export type ServiceLevel = { percentage: number; durationMs: number };

export type SimDivision = { index: number; id: string; name: string };

export type SimQueue = {
  index: number;
  id: string;
  name: string;
  description: string;
  divisionIndex: number;
  divisionId: string;
  divisionName: string;
  mediaTypes: SimMediaType[];
  /** Share of the queue's traffic per media, indexed like SIM_MEDIA (0 where not handled). */
  mediaShare: [number, number, number, number];
  serviceLevel: Record<SimMediaType, ServiceLevel>;
  alertingTimeoutSeconds: Record<SimMediaType, number>;
  /** Conversations on an average weekday at volume 1. */
  dailyVolume: number;
  /** Above 1: well staffed, shorter waits. Below 1: long waits, more abandons. */
  staffing: number;
  /** Indexes into `users` of the agents who answer this queue. */
  memberUserIndexes: number[];
  dateCreated: string;
};

export type SimUser = {
  index: number;
  id: string;
  name: string;
  email: string;
  username: string;
  title: string;
  divisionIndex: number;
  divisionId: string;
  role: "agent" | "supervisor";
};

/** An identity offered on the simulated sign-in page. `divisionIds: null` = every division. */
export type DemoUser = { key: "supervisor" | "agent"; userIndex: number; divisionIds: string[] | null };

export type WrapUpCode = { index: number; id: string; name: string };

export type SimOrg = {
  id: string;
  name: string;
  divisions: SimDivision[];
  queues: SimQueue[];
  users: SimUser[];
  wrapUpCodes: WrapUpCode[];
  demoUsers: DemoUser[];
  queueById: Map<string, SimQueue>;
  userById: Map<string, SimUser>;
};

const DIVISION_NAMES = ["Home", "Retail", "Business"] as const;

type QueueTemplate = { name: string; media: Partial<Record<SimMediaType, number>>; weight: number; description: string };

const QUEUE_TEMPLATES: QueueTemplate[] = [
  { name: "Sales", media: { voice: 0.75, chat: 0.25 }, weight: 1.3, description: "New customers and upgrades" },
  { name: "Support Tier 1", media: { voice: 0.6, chat: 0.25, message: 0.15 }, weight: 1.6, description: "First-line support" },
  { name: "Billing", media: { voice: 0.7, email: 0.3 }, weight: 1.0, description: "Invoices, payments and refunds" },
  { name: "Technical Support", media: { voice: 0.7, chat: 0.3 }, weight: 1.2, description: "Faults and configuration" },
  { name: "Retention", media: { voice: 1 }, weight: 0.7, description: "Cancellations and win-back" },
  { name: "Email Care", media: { email: 1 }, weight: 0.8, description: "Written enquiries" },
  { name: "Web Chat", media: { chat: 1 }, weight: 1.0, description: "Website chat" },
  { name: "Social Messaging", media: { message: 1 }, weight: 0.7, description: "WhatsApp, Messenger and SMS" },
  { name: "Support Tier 2", media: { voice: 0.7, email: 0.3 }, weight: 0.6, description: "Escalations from Tier 1" },
  { name: "Claims", media: { voice: 0.6, email: 0.4 }, weight: 0.6, description: "Insurance and warranty claims" },
  { name: "Collections", media: { voice: 1 }, weight: 0.5, description: "Overdue accounts" },
  { name: "Onboarding", media: { voice: 0.6, chat: 0.4 }, weight: 0.5, description: "Activation and first steps" },
  { name: "VIP Care", media: { voice: 1 }, weight: 0.3, description: "Priority customers" },
  { name: "Returns", media: { chat: 0.4, email: 0.3, message: 0.3 }, weight: 0.6, description: "Returns and exchanges" },
  { name: "Orders", media: { voice: 0.6, chat: 0.4 }, weight: 0.8, description: "Order status and changes" },
  { name: "Appointments", media: { voice: 0.7, message: 0.3 }, weight: 0.4, description: "Bookings and reschedules" },
];

/** Service-level targets per media (percentage answered within durationMs). */
const SERVICE_LEVELS: Record<SimMediaType, ServiceLevel> = {
  voice: { percentage: 0.8, durationMs: 20_000 },
  chat: { percentage: 0.8, durationMs: 60_000 },
  email: { percentage: 0.9, durationMs: 4 * 3_600_000 },
  message: { percentage: 0.8, durationMs: 300_000 },
};
const ALERTING_TIMEOUT_SECONDS: Record<SimMediaType, number> = { voice: 8, chat: 30, email: 300, message: 30 };

/** Weekday conversations per unit of template weight: 14 default queues give ~4,500 a weekday. */
const DAILY_VOLUME_PER_WEIGHT = 400;

const FIRST_NAMES = [
  "Maya",
  "Liam",
  "Noah",
  "Ava",
  "Ethan",
  "Zoe",
  "Omar",
  "Lena",
  "Ivan",
  "Chloe",
  "Ravi",
  "Mia",
  "Jonas",
  "Aisha",
  "Lucas",
  "Nora",
  "Mateo",
  "Freya",
  "Kenji",
  "Sofia",
  "Tariq",
  "Elif",
  "Hugo",
  "Priya",
  "Diego",
  "Hannah",
  "Kwame",
  "Ines",
  "Felix",
  "Yuki",
  "Samir",
  "Clara",
];
const LAST_NAMES = [
  "Okafor",
  "Lindqvist",
  "Moreau",
  "Tanaka",
  "Silva",
  "Novak",
  "Kowalski",
  "Haddad",
  "Müller",
  "Fernandes",
  "Nguyen",
  "O'Brien",
  "Rossi",
  "Jensen",
  "Kaur",
  "Petrov",
  "Dubois",
  "Garcia",
  "Schmidt",
  "Andersen",
  "Costa",
  "Yilmaz",
  "Murphy",
  "Ito",
  "Santos",
  "Weber",
];

const WRAP_UP_NAMES = [
  "Resolved",
  "Information given",
  "Follow-up required",
  "Sale made",
  "Billing question",
  "Escalated",
  "Complaint",
  "Callback scheduled",
  "Wrong queue",
  "No action needed",
];

const EMAIL_DOMAIN = "sim.example.com";

function shuffleIndexes(rng: Rng, n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

function slug(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
}

export function buildOrg(seed: number, queueCount: number): SimOrg {
  const tag = (label: string) => hashString(label);
  const divisions: SimDivision[] = DIVISION_NAMES.map((name, index) => ({
    index,
    id: uuidFrom(seed, tag("division"), index),
    name,
  }));

  const users: SimUser[] = [];
  const addUser = (name: string, divisionIndex: number, role: SimUser["role"], title: string): SimUser => {
    const index = users.length;
    const base = slug(name);
    const username = `${base}${users.some((u) => u.username.startsWith(`${base}@`)) ? `.${index}` : ""}@${EMAIL_DOMAIN}`;
    const division = divisions[divisionIndex]!;
    const user: SimUser = {
      index,
      id: uuidFrom(seed, tag("user"), index),
      name,
      email: username,
      username,
      title,
      divisionIndex,
      divisionId: division.id,
      role,
    };
    users.push(user);
    return user;
  };

  // The demo agent is the first agent of the first division, so "Alex Agent" really answers
  // conversations there; the supervisor answers none.
  const alex = addUser("Alex Agent", 0, "agent", "Contact Centre Agent");
  const sam = addUser("Sam Supervisor", 0, "supervisor", "Contact Centre Supervisor");

  const queuesPerDivision = divisions.map((d) => Math.ceil((queueCount - d.index) / divisions.length));
  const pools: number[][] = divisions.map(() => []);
  pools[0]!.push(alex.index);
  for (const d of divisions) {
    const poolSize = Math.max(8, (queuesPerDivision[d.index] ?? 1) * 6);
    const rng = rngFor(seed, tag("agents"), d.index);
    while (pools[d.index]!.length < poolSize) {
      const first = FIRST_NAMES[Math.floor(rng() * FIRST_NAMES.length)]!;
      const last = LAST_NAMES[Math.floor(rng() * LAST_NAMES.length)]!;
      pools[d.index]!.push(addUser(`${first} ${last}`, d.index, "agent", "Contact Centre Agent").index);
    }
  }

  const queues: SimQueue[] = [];
  for (let index = 0; index < queueCount; index++) {
    const template = QUEUE_TEMPLATES[index % QUEUE_TEMPLATES.length]!;
    const round = Math.floor(index / QUEUE_TEMPLATES.length);
    const name = round === 0 ? template.name : `${template.name} (${round + 1})`;
    const divisionIndex = index % divisions.length;
    const division = divisions[divisionIndex]!;
    const rng = rngFor(seed, tag("queue"), index);
    const mediaShare = SIM_MEDIA.map((m) => template.media[m] ?? 0) as SimQueue["mediaShare"];
    const pool = pools[divisionIndex]!;
    const memberCount = Math.min(pool.length, 8 + Math.floor(rng() * 9));
    const order = shuffleIndexes(rng, pool.length);
    const members = order.slice(0, memberCount).map((i) => pool[i]!);
    if (divisionIndex === 0 && !members.includes(alex.index)) members[0] = alex.index;
    const created = Date.UTC(2024, 0, 15) + Math.floor(rng() * 400) * 86_400_000;
    queues.push({
      index,
      id: uuidFrom(seed, tag("queue"), index),
      name,
      description: template.description,
      divisionIndex,
      divisionId: division.id,
      divisionName: division.name,
      mediaTypes: SIM_MEDIA.filter((m) => (template.media[m] ?? 0) > 0),
      mediaShare,
      serviceLevel: { ...SERVICE_LEVELS },
      alertingTimeoutSeconds: { ...ALERTING_TIMEOUT_SECONDS },
      dailyVolume: DAILY_VOLUME_PER_WEIGHT * template.weight * (0.8 + 0.4 * rng()),
      staffing: 0.75 + 0.6 * rng(),
      memberUserIndexes: members,
      dateCreated: new Date(created).toISOString(),
    });
  }

  const wrapUpCodes: WrapUpCode[] = WRAP_UP_NAMES.map((name, index) => ({
    index,
    id: uuidFrom(seed, tag("wrapup"), index),
    name,
  }));

  const demoUsers: DemoUser[] = [
    { key: "supervisor", userIndex: sam.index, divisionIds: null },
    { key: "agent", userIndex: alex.index, divisionIds: [divisions[0]!.id] },
  ];

  return {
    id: uuidFrom(seed, tag("org")),
    name: "Simulated Contact Centre",
    divisions,
    queues,
    users,
    wrapUpCodes,
    demoUsers,
    queueById: new Map(queues.map((q) => [q.id, q])),
    userById: new Map(users.map((u) => [u.id, u])),
  };
}

/** Queue indexes visible with the given division reach (null = all divisions). */
export function visibleQueueIndexes(org: SimOrg, divisionIds: readonly string[] | null): number[] {
  if (divisionIds === null) return org.queues.map((q) => q.index);
  const set = new Set(divisionIds);
  return org.queues.filter((q) => set.has(q.divisionId)).map((q) => q.index);
}
