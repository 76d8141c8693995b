// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time rather than bundled: ioredis relies on Node internals.
  serverExternalPackages: ["ioredis"],
};

export default nextConfig;
