"use client";
/** A small spinner inside a <Link> while its navigation is pending (the routes are dynamic). */
import { useLinkStatus } from "next/link";

export function LinkPending() {
  const { pending } = useLinkStatus();
  return <span aria-hidden="true" className={pending ? "link-pending is-pending" : "link-pending"} />;
}
