import type { PropsWithChildren } from "hono/jsx";

export const Layout = ({ title, children }: PropsWithChildren<{ title: string }>) => (
  <html>
    <head><title>{title}</title></head>
    <body>{children}</body>
  </html>
);
