// Structured JSON logs, one object per line. PEM blocks never reach a log line, whatever a caller passes.
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SECRET_FIELD = /^(privateKey|privateKeyPem|accountKeyPem|hmacKey|apiToken|token|secret|password)$/i;
const PEM = /-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g;

/** Replaces PEM blocks (keys, certificates) in any string, also inside nested objects and errors. */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(PEM, '[redacted PEM]');
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) && typeof v === 'string' ? '[redacted]' : redact(v)]));
  }
  return value;
}

export function jsonLogger(base: LogFields, write: (line: string) => void = line => process.stdout.write(`${line}\n`)): Logger {
  const emit = (level: string) => (message: string, fields: LogFields = {}) =>
    write(JSON.stringify({ level, message: redact(message), ...base, ...(redact(fields) as LogFields) }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
