import { z } from 'zod';

export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type ScramMechanism = (typeof SCRAM_MECHANISMS)[number];

/** Kafka's ScramMechanism bounds: fewer than 4096 iterations is refused, more than 16384 too. */
export const SCRAM_MIN_ITERATIONS = 4096;
export const SCRAM_MAX_ITERATIONS = 16384;
export const SCRAM_DEFAULT_ITERATIONS = 8192;

export const scramUserName = z
  .string()
  .trim()
  .min(1, 'a user name cannot be empty')
  .max(256)
  .regex(/^[^\s,=]+$/, 'a SCRAM user name has no spaces, "," or "="');

/** Never echoed, logged or stored by Riffle: it goes to the broker only as a salted hash. */
export const scramPassword = z.string().min(8, 'a password has at least 8 characters').max(1024);

const credential = {
  mechanism: z.enum(SCRAM_MECHANISMS).default('SCRAM-SHA-512'),
  password: scramPassword,
  iterations: z.coerce
    .number()
    .int('iterations is a whole number')
    .min(SCRAM_MIN_ITERATIONS, `at least ${SCRAM_MIN_ITERATIONS} iterations`)
    .max(SCRAM_MAX_ITERATIONS, `at most ${SCRAM_MAX_ITERATIONS} iterations`)
    .default(SCRAM_DEFAULT_ITERATIONS),
};

/** POST /users: a new user (409 if it already has a credential of that mechanism). */
export const createScramUserInput = z.object({ name: scramUserName, ...credential });
export type CreateScramUserInput = z.input<typeof createScramUserInput>;

/** PUT /users/{name}: a new password for an existing user. */
export const rotateScramPasswordInput = z.object(credential);
export type RotateScramPasswordInput = z.input<typeof rotateScramPasswordInput>;

export const scramCredentialInfo = z.object({ mechanism: z.enum(SCRAM_MECHANISMS), iterations: z.number().int() });
export const scramUser = z.object({ name: z.string(), credentials: z.array(scramCredentialInfo) });
export type ScramUser = z.infer<typeof scramUser>;
export const scramUserList = z.object({ users: z.array(scramUser) });
export const scramUserResult = z.object({ user: scramUser });
