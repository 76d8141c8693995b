// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The official SDK is a devDependency for conformance tests only; nothing in the app imports it.
  serverExternalPackages: [],
};

export default nextConfig;
