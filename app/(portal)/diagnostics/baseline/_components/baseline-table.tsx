"use client";

import Link from "@/components/ui/link";
import { EmailStatusBadge, TestStatusBadge } from "@/components/mailbox-status";
import { PageHeader } from "@/components/ui/page-header";
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";

// The framework's own limit for `npm run bench` (issue 7): 50 constant rows through the same layout, no queries.
// A client component, like the grids, so its HTML and payload stay the grids' size rather than double it;
// the same markup as the mailboxes grid (the data-grid styles), so the two compare.

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
        <table className="data-grid w-full border-collapse text-left text-sm" aria-label="Baseline rows">
          <thead>
            <tr className="border-b border-line">
              <th scope="col">
                <input type="checkbox" aria-label="Select all on this page" />
              </th>
              {HEADINGS.map((label) => (
                <th key={label} scope="col" className="font-semibold">
                  <Link href="/diagnostics/baseline" className="hover:underline">
                    {label}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.id}>
                <td>
                  <input type="checkbox" aria-label={`Select ${row.name}`} />
                </td>
                <td className="whitespace-nowrap">
                  <Link href="/diagnostics/baseline">{row.name}</Link>
                </td>
                <td>{row.email}</td>
                <td>User</td>
                <td>
                  <EmailStatusBadge status={row.status} />
                </td>
                <td>
                  <TestStatusBadge status={row.test} />
                </td>
                <td>
                  <TestStatusBadge status={row.test} />
                </td>
                <td>
                  <TestStatusBadge status={row.test} />
                </td>
                <td className="whitespace-nowrap">Microsoft Exchange Online</td>
                <td className="whitespace-nowrap">Ava Alvarez</td>
                <td>—</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
