"use server";
/**
 * "Run it at 3 AM": a server action, so Next.js checks its Origin (another site cannot make a
 * visitor's browser trigger refreshes). It runs at most once a minute for the whole deployment,
 * and the refresh is not forced: a press within 30 seconds of a successful refresh answers that
 * refresh's result instead of calling Genesys again.
 */
import { headers } from "next/headers";
import { requirePageAccess } from "@/lib/auth/access";
import { appOrigin } from "@/lib/auth/origin";
import { getConfig } from "@/lib/config/env";
import { genesysUnavailableText } from "@/lib/server/genesys-unavailable";
import { claimThreeAmSlot } from "@/lib/reports/viewer-budget";
import { runAtThreeAm, type UnattendedRun } from "@/lib/teaching/unattended";

export type ThreeAmState = { run: UnattendedRun } | { error: string } | null;

export async function runAtThreeAmAction(_previous: ThreeAmState, _form: FormData): Promise<ThreeAmState> {
  await requirePageAccess("/grants");
  // The demonstration runs a real refresh and shows its steps: org data, and the org's rate limit.
  if (getConfig().dashboardAccess === "unconfigured") {
    return { error: "The demonstration is off until the deployer sets DASHBOARD_ACCESS (public or signed-in)." };
  }
  const wait = await claimThreeAmSlot();
  if (wait > 0) {
    return {
      error: `The demonstration runs at most once a minute for the whole deployment (it really calls Genesys Cloud). Try again in ${wait} s.`,
    };
  }
  const h = await headers();
  try {
    return { run: await runAtThreeAm({ origin: appOrigin(getConfig().authUrl, h, "https://localhost"), headers: h }) };
  } catch (error) {
    return { error: `The demonstration could not run: ${genesysUnavailableText(error, "3am-demo")}` };
  }
}
