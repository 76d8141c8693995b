// @ts-check

// Security headers (lib/http/security-headers.ts explains them; tests/app/security-headers.test.ts
// checks these copies against it: this file cannot import TypeScript). The pages' per-request
// Content-Security-Policy, with its nonce, is set by proxy.ts.
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
const HSTS = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };
// The embedded simulator's pages: outside the proxy, one inline <style>, no script.
const SIMULATOR_CSP = {
  key: "Content-Security-Policy",
  value: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time rather than bundled: ioredis relies on Node internals.
  serverExternalPackages: ["ioredis"],
  async headers() {
    return [
      // Every response, the routes the proxy skips (the snapshot API, health, cron, Auth.js, the
      // simulator, static files) included.
      { source: "/:path*", headers: SECURITY_HEADERS },
      // HSTS when the TLS proxy in front says https (proxy.ts also sends it when AUTH_URL is https).
      // Headers are fixed at build time: `next build` is production, `next dev` is not.
      ...(process.env.NODE_ENV === "production"
        ? [
            {
              source: "/:path*",
              has: [{ type: /** @type {const} */ ("header"), key: "x-forwarded-proto", value: "(?:[hH][tT][tT][pP][sS])(?:\\s*,.*)?" }],
              headers: [HSTS],
            },
          ]
        : []),
      { source: "/sim/:path*", headers: [SIMULATOR_CSP] },
    ];
  },
};

export default nextConfig;
