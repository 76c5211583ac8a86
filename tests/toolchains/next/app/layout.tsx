import type { ReactNode } from "react";

// No favicon request: the test counts every failed load as a problem.
export const metadata = { title: "wuts-status in a Next.js app", icons: { icon: "data:," } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
