import { z } from "zod";
import { listVisibleEnvironments } from "@/lib/services/settings/environments";
import { defineEndpoint, json } from "../endpoint";

const Environment = z
  .object({
    slug: z.string(),
    name: z.string(),
    type: z.enum(["Production", "Sandbox", "Trial", "Developer"]),
    access: z
      .enum(["tenant-admin", "exchange-admin", "system-administrator", "system-customizer", "member", "none"])
      .meta({
        description: "Why the token's owner sees it: the strongest source of their access.",
      }),
    pages: z.array(z.string()).meta({ description: "The portal pages of the environment the owner may open." }),
  })
  .meta({ id: "Environment" });

const EnvironmentList = z.object({ items: z.array(Environment) }).meta({ id: "EnvironmentList" });

export const listEnvironments = defineEndpoint({
  method: "GET",
  path: "/environments",
  operationId: "listEnvironments",
  summary: "Environments the token's owner can see",
  tag: "Environments",
  scopes: [],
  responses: { 200: { description: "In name order.", schema: EnvironmentList } },
  errors: [],
  run: async (_input, { db, actor, now }) =>
    json(200, {
      items: (await listVisibleEnvironments(db, actor, now)).map((env) => ({
        slug: env.slug,
        name: env.name,
        type: env.type,
        access: env.access.basis,
        pages: [...env.access.pages].sort(),
      })),
    } satisfies z.input<typeof EnvironmentList>),
});
