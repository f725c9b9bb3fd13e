/** Each privilege's depth arrives as `depth.<privilege>`; an empty value means None. */
export const DEPTH_FIELD_PREFIX = "depth.";
