/** The ids every team form carries; the service re-checks each of them. */
export type TeamRef = { slug: string; environmentId: number; teamId: number; version: number };

export function TeamFields({ team }: { team: TeamRef }) {
  return (
    <>
      <input type="hidden" name="slug" value={team.slug} />
      <input type="hidden" name="environmentId" value={team.environmentId} />
      <input type="hidden" name="teamId" value={team.teamId} />
      <input type="hidden" name="version" value={team.version} />
    </>
  );
}
