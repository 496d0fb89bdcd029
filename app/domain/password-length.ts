// How long a password may be. Kept apart from accounts.ts, whose zod schemas stay on the server:
// the password field shows the minimum in its hint, and importing it from there would send zod to
// every browser (12 KB gzipped).
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
