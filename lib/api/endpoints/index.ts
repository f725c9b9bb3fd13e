import type { Endpoint } from "../endpoint";
import { approveEndpoint, precheckEndpoint, rejectEndpoint } from "./approvals";
import { exportAuditEndpoint, listAuditEndpoint } from "./audit";
import {
  changeDelegationEndpoint,
  delegateEndpoint,
  listDelegationsEndpoint,
  removeDelegationEndpoint,
} from "./delegations";
import { listEnvironments } from "./environments";
import { getJobEndpoint } from "./jobs";
import { approveMailboxEndpoint, rejectMailboxEndpoint } from "./mailbox-approval";
import { getMailboxEndpoint, listMailboxesEndpoint } from "./mailboxes";

/** Every endpoint of /api/v1, in the order the reference lists them: the OpenAPI document is made from this list. */
export const ENDPOINTS: Endpoint[] = [
  listEnvironments,
  listMailboxesEndpoint,
  getMailboxEndpoint,
  precheckEndpoint,
  approveEndpoint,
  rejectEndpoint,
  approveMailboxEndpoint,
  rejectMailboxEndpoint,
  getJobEndpoint,
  listDelegationsEndpoint,
  delegateEndpoint,
  changeDelegationEndpoint,
  removeDelegationEndpoint,
  listAuditEndpoint,
  exportAuditEndpoint,
];
