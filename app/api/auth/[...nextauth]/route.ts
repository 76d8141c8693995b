/** Auth.js: sign-in, the Genesys callback, sign-out, session and CSRF endpoints (lib/auth). */
import { handlers } from "@/lib/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const { GET, POST } = handlers;
