"use server";

import { z } from "zod";
import { idField, slugField } from "@/lib/form-schemas";
import { environmentPages, serviceAction } from "@/lib/service-action";
import { cancelJob } from "@/lib/services/jobs/cancel";

/** Cancel on the job page: the runner stops after the batch in hand; the service decides who may. */
export const cancelJobAction = serviceAction(
  z.object({ slug: slugField, jobId: idField }),
  (input, { db, actor, origin, now }) => cancelJob(db, actor, input, { origin, now }),
  { revalidate: environmentPages },
);
