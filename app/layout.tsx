import type { Metadata, Viewport } from "next";
import "./globals.css";
import { SiteHeader } from "./ui/layout/site-header";

export const metadata: Metadata = {
  title: "Genesys Cloud queue dashboard",
  description: "Per-queue contact-centre reports from Genesys Cloud analytics.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        {children}
      </body>
    </html>
  );
}
