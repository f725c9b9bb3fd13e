"use client";

import Link from "next/link";
import { EmailStatusBadge, TestStatusBadge } from "@/components/mailbox-status";
import { PageHeader } from "@/components/ui/page-header";
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";

// The framework's own limit for `npm run bench` (issue 7): 50 constant rows through the same layout, no queries.
// A client component, like the grids, so its HTML and payload stay the grids' size rather than double it.

const HEADINGS = [
  "Name",
  "Email address",
  "Regarding",
  "Email address status",
  "Incoming",
  "Outgoing",
  "Appointments, contacts, tasks",
  "Server profile",
  "Approved by",
  "Last tested",
];
const EMAIL_STATUSES = Object.values(EmailStatus);
const TEST_STATUSES = Object.values(TestStatus);
const ROWS = Array.from({ length: 50 }, (_, i) => ({
  id: i + 1,
  name: `Baseline User ${String(i + 1).padStart(2, "0")}`,
  email: `baseline.user${i + 1}@contoso.com`,
  status: EMAIL_STATUSES[i % EMAIL_STATUSES.length]!,
  test: TEST_STATUSES[i % TEST_STATUSES.length]!,
}));

export function BaselineTable() {
  return (
    <>
      <PageHeader crumbs={[{ label: "Diagnostics" }, { label: "Baseline" }]} title="Baseline" />
      <div className="overflow-x-auto rounded-card bg-surface shadow-card">
        <table className="w-full border-collapse text-left text-sm" aria-label="Baseline rows">
          <thead>
            <tr className="border-b border-line">
              <th scope="col" className="px-3 py-2">
                <input type="checkbox" aria-label="Select all on this page" className="h-4 w-4 accent-[var(--brand)]" />
              </th>
              {HEADINGS.map((label) => (
                <th key={label} scope="col" className="px-3 py-2 font-semibold">
                  <Link href="/diagnostics/baseline" className="hover:underline">
                    {label}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.id} className="border-b border-line last:border-0 hover:bg-surface-alt">
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select ${row.name}`} className="h-4 w-4 accent-[var(--brand)]" />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <Link href="/diagnostics/baseline" className="font-semibold text-brand hover:underline">
                    {row.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{row.email}</td>
                <td className="px-3 py-2">User</td>
                <td className="px-3 py-2">
                  <EmailStatusBadge status={row.status} />
                </td>
                <td className="px-3 py-2">
                  <TestStatusBadge status={row.test} />
                </td>
                <td className="px-3 py-2">
                  <TestStatusBadge status={row.test} />
                </td>
                <td className="px-3 py-2">
                  <TestStatusBadge status={row.test} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">Microsoft Exchange Online</td>
                <td className="px-3 py-2 whitespace-nowrap">Ava Alvarez</td>
                <td className="px-3 py-2">—</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
