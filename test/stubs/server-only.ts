// Stands in for the `server-only` marker package under vitest, where nothing is a client bundle.
export {};
