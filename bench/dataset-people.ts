/** Deterministic people and mailbox states for the large environment: the same dataset on every run. */
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";

/** mulberry32: a tiny seeded PRNG, so runs are comparable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = (
  "Aaliyah Aaron Abigail Adam Aiden Alex Alice Amara Amir Ana Andrea Arjun Ava Beatriz Ben Bianca Carlos Chen Chloe Daniel Diego " +
  "Elena Eli Emma Ethan Fatima Felix Grace Hana Hugo Ibrahim Isla Ivan Jade Jamal Jin Julia Kai Kenji Lara Leo Lina Lucas Maya Mei " +
  "Mohamed Nadia Noah Olga Omar Priya Rafael Rosa Sara Sofia Tariq Tom Uma Yara Zoe"
).split(" ");
const LAST = (
  "Abbott Adeyemi Alvarez Andersen Bauer Becker Bianchi Brooks Castillo Chen Costa Dubois Eriksen Fischer Garcia Gupta Haddad " +
  "Hansen Hoffmann Ibrahim Ito Jensen Kim Kowalski Kumar Larsen Lee Lopez Martin Meyer Moreau Murphy Nakamura Nguyen Novak Okafor " +
  "Olsen Patel Perez Petrov Quinn Rossi Santos Schmidt Silva Singh Smith Sousa Suzuki Tanaka Taylor Wagner Walsh Wang Weber Wilson " +
  "Wong Yilmaz Young Zhang"
).split(" ");

export function person(i: number): { name: string; upn: string } {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  return { name: `${first} ${last}`, upn: `${first}.${last}.${String(i).padStart(5, "0")}@contoso.com`.toLowerCase() };
}

export type MailboxKind = "pending" | "empty" | "approved" | "rejected" | "failure" | "inactive";

// The "realistic mix": about 30% pending.
const MIX: [MailboxKind, number][] = [
  ["pending", 0.3],
  ["empty", 0.05],
  ["approved", 0.55],
  ["rejected", 0.05],
  ["failure", 0.03],
  ["inactive", 0.02],
];

export function pickKind(r: number): MailboxKind {
  let acc = 0;
  for (const [kind, share] of MIX) if (r < (acc += share)) return kind;
  return "approved";
}

/** The mailbox columns for a state, as the grid and the approval service read them. */
export function mailboxState(kind: MailboxKind, approver: { id: number; name: string }, at: number) {
  const approved = kind === "approved" || kind === "failure" || kind === "inactive";
  const tested = kind === "approved" || kind === "failure";
  const result = kind === "failure" ? TestStatus.Failure : tested ? TestStatus.Success : TestStatus.NotRun;
  const status: Record<MailboxKind, EmailStatus> = {
    pending: EmailStatus.PendingApproval,
    empty: EmailStatus.Empty,
    approved: EmailStatus.Approved,
    rejected: EmailStatus.Rejected,
    failure: EmailStatus.Approved,
    inactive: EmailStatus.Approved,
  };
  return {
    email_status: status[kind],
    is_active: kind === "inactive" ? 0 : 1,
    approved_by_id: approved ? approver.id : null,
    approved_by_name: approved ? approver.name : null,
    approved_on: approved ? at : null,
    is_approved_by_tenant_admin: approved ? 1 : 0,
    test_status: result,
    is_enabled: kind === "approved" ? 1 : 0,
    test_completed_on: tested ? at : null,
    test_last_attempted_by_id: tested ? approver.id : null,
  };
}
