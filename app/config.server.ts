// The app's configuration: read once from the environment and validated, so a wrong value
// stops the app at start with a message that names the variable.
import { z } from "zod";

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .url()
    .refine((value) => protocols.includes(new URL(value).protocol), {
      message: `must start with ${protocols.map((p) => `${p}//`).join(" or ")}`,
    })
    .optional();

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
  // Connections this instance keeps open to PostgreSQL. Several instances share the server's
  // max_connections (100 by default), so keep instances × pool size well under it.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATA_DIR: z.string().min(1).default("./.data"),
  APP_URL: optionalUrl(["http:", "https:"]),
  SMTP_URL: optionalUrl(["smtp:", "smtps:"]),
  MAIL_FROM: z.string().min(3).default("NHS Hack Day platform <no-reply@localhost>"),
  TRUST_PROXY: z
    .enum(["true", "false", "0", "1", "2", "3"])
    .default("false")
    .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value))),
  EMAIL_POLL_SECONDS: z.coerce.number().min(0.1).max(3600).default(2),
  // How long `git ls-remote` may take to prove a submission's repository is public.
  REPOSITORY_CHECK_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(60).default(10),
  // Only for tests, which serve repositories on loopback over plain http: lets the repository
  // check reach http:// URLs and private, loopback and link-local addresses.
  REPOSITORY_ALLOW_PRIVATE_HOSTS: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set", as it does in most shells' .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let loaded: Config | undefined;

/** The configuration, parsed on first use and kept. */
export function getConfig(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}

/**
 * The address links in emails point at: APP_URL, or this machine when it is not set. Never the
 * request's Host header, which a sender controls: a reset link must not point at their site.
 */
export function publicOrigin(config: Config = getConfig()): string {
  return config.APP_URL?.replace(/\/+$/, "") ?? `http://localhost:${config.PORT}`;
}
