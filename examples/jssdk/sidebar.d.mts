/** Types of sidebar.mjs (the example is plain JavaScript so it runs with node alone). */
export function startSidebar(options: {
  mock: string;
  corpid: string;
  secret: string;
  agentid: number;
  port?: number;
  host?: string;
}): Promise<{ url: string; close: () => Promise<void> }>;
