import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideManageTeamMembers, decideManageTeamRoles } from "@/lib/policy/environment-admin";
import { decideRoleAssignment } from "@/lib/policy/role-assignment";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { getTeam, listAddableUsers, type TeamMember } from "@/lib/services/directory/teams";
import { environmentHref } from "../../../../_components/environment-pages";
import { toCommandDecision } from "../_components/command-decision";
import { RemoveMemberButton } from "../_components/remove-member-button";
import { MEMBERS_NOTE_ID, TeamCommands } from "../_components/team-commands";
import { TEAM_TYPE_LABELS } from "../_components/team-type";

export const metadata: Metadata = { title: "Team · Mailgate" };

export default async function TeamPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { actor, environment, now } = await requireEnvironmentPage(slug, "teams");
  const db = getDb();
  const team = /^\d{1,12}$/.test(id) ? await getTeam(db, environment, Number(id)) : null;
  if (!team) notFound();

  const assignable = (await loadEnvironmentRoles(db, environment.id)).filter((r) => r.isAssignable);
  const held = new Set(team.roles.map((r) => r.id));
  const roleOptions = assignable.map((role) => {
    const decision = decideRoleAssignment(
      actor,
      { environmentId: environment.id, role, target: { kind: "team" }, operation: "assign" },
      now,
    );
    // DMA stays tickable so the server's refusal can be seen; the note says why it will be refused.
    const note =
      decision.reason === "DMA_NOT_FOR_TEAMS"
        ? "Cannot be given to teams"
        : decision.allowed || held.has(role.id)
          ? undefined
          : decision.message;
    return { id: role.id, name: role.name, isHeld: held.has(role.id), note };
  });
  const membersDecision = toCommandDecision(decideManageTeamMembers(actor, environment.id, now));
  const rolesDecision = toCommandDecision(decideManageTeamRoles(actor, environment.id, assignable, now));
  const ref = { slug: environment.slug, environmentId: environment.id, teamId: team.id, version: team.version };

  const columns: Column<TeamMember>[] = [
    { header: "Name", cell: (m) => m.fullName },
    { header: "Email", cell: (m) => m.email },
    {
      header: "Actions",
      className: "text-right",
      cell: (m) => (
        <RemoveMemberButton
          team={ref}
          member={{ id: m.environmentUserId, fullName: m.fullName }}
          decision={membersDecision}
          noteId={MEMBERS_NOTE_ID}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(environment.slug) },
          { label: "Teams", href: environmentHref(environment.slug, "teams") },
          { label: team.name },
        ]}
        title={team.name}
        description={`${TEAM_TYPE_LABELS[team.type]} team`}
      />
      <TeamCommands
        team={{ ...ref, name: team.name }}
        addableUsers={membersDecision.allowed ? await listAddableUsers(db, environment, team.id) : []}
        roleOptions={roleOptions}
        membersDecision={membersDecision}
        rolesDecision={rolesDecision}
      />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <section aria-label="Members">
          <h2 className="mb-2 text-base font-semibold">Members</h2>
          <DataTable
            label="Members"
            columns={columns}
            rows={team.members}
            rowKey={(m) => m.environmentUserId}
            empty="This team has no members."
          />
        </section>
        <Card title="Security roles">
          {team.roles.length === 0 ? (
            <p className="text-muted">This team holds no security roles.</p>
          ) : (
            <ul className="space-y-1">
              {team.roles.map((r) => (
                <li key={r.id}>
                  <Link
                    href={environmentHref(environment.slug, `roles/${r.id}`)}
                    className="text-brand hover:underline"
                  >
                    {r.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
