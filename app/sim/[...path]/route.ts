/**
 * The embedded Genesys Cloud simulator, mounted at /sim in simulator mode: `/sim/oauth/*` and
 * `/sim/api/v2/*`. With real credentials configured it does not exist (404).
 */
import { getConfig } from "@/lib/config/env";
import { getEmbeddedSimulator } from "@/lib/config/connection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  if (getConfig().mode !== "simulator") {
    return Response.json({ error: { code: "not_found", message: "The simulator only runs when no Genesys credentials are configured." } }, { status: 404 });
  }
  return getEmbeddedSimulator().fetch(request);
}

export { handle as GET, handle as POST, handle as DELETE, handle as HEAD };
