/**
 * zod 4 compiles object parsers with `new Function` where a page allows it, and finds out by trying
 * once as each object schema is built. Under this app's policy (no 'unsafe-eval') that try is
 * refused and reported as a Content-Security-Policy violation, caught or not. So in the browser,
 * zod's interpreted parsers, switched on before the schemas are built: import this module before
 * any schema. Only in the browser: the server's parsers keep their speed.
 */
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
