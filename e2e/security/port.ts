/** The console the security journeys start, connected to the secured cluster. */
export const SECURITY_CONSOLE_PORT = Number(process.env.SECURITY_CONSOLE_PORT ?? 3190);
