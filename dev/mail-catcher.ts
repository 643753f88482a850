/**
 * A local mail catcher: a real SMTP server (npm `smtp-server`) that keeps every message it accepts, parsed
 * (npm `mailparser`), and a small web page listing them. `npm start` runs one so the mail dondoc sends can be
 * read without configuration; tests run one and read what arrived.
 *
 * A message counts as delivered only once the server has answered 250 to it: a sender that disconnects
 * before that (a killed worker) has delivered nothing, exactly as with a real mail server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml } from '../domain/email-content';

export interface CaughtMail {
  id: number;
  receivedAt: Date;
  envelopeTo: string[];
  messageId: string | undefined;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  parsed: ParsedMail;
}

export interface MailCatcher {
  smtpUrl: string;
  /** Where the web page is, when one was asked for. */
  webUrl: string | null;
  messages: CaughtMail[];
  /** Called with each message before it is accepted; the answer waits for it (tests use it to stall). */
  beforeAccept: ((mail: CaughtMail) => Promise<void>) | null;
  /** Called whenever the server starts receiving a message body. */
  onData: (() => void) | null;
  stop(): Promise<void>;
}

export async function startMailCatcher(
  options: { smtpPort?: number; webPort?: number | null; hostname?: string } = {},
): Promise<MailCatcher> {
  const hostname = options.hostname ?? '127.0.0.1';
  const closedSessions = new Set<string>();
  let nextId = 1;
  const catcher: MailCatcher = {
    smtpUrl: '',
    webUrl: null,
    messages: [],
    beforeAccept: null,
    onData: null,
    stop: async () => {},
  };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      catcher.onData?.();
      simpleParser(stream)
        .then(async (parsed) => {
          const headers: Record<string, string> = {};
          for (const [key, value] of parsed.headers) headers[key] = typeof value === 'string' ? value : JSON.stringify(value);
          const mail: CaughtMail = {
            id: 0,
            receivedAt: new Date(),
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            messageId: parsed.messageId,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
            parsed,
          };
          await catcher.beforeAccept?.(mail);
          if (closedSessions.has(session.id)) return callback(new Error('connection closed'));
          mail.id = nextId++;
          catcher.messages.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, hostname, () => resolve());
  });
  smtp.on('error', () => {});
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  catcher.smtpUrl = `smtp://${hostname}:${smtpPort}`;

  let web: Server | null = null;
  if (options.webPort !== undefined && options.webPort !== null) {
    web = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const one = /^\/messages\/(\d+)$/.exec(url.pathname);
      if (url.pathname === '/api/messages') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(catcher.messages.map(({ parsed: _parsed, ...m }) => m)));
      } else if (one) {
        const mail = catcher.messages.find((m) => m.id === Number(one[1]));
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.statusCode = mail ? 200 : 404;
        res.end(mail ? mail.html || `<pre>${escapeHtml(mail.text)}</pre>` : 'not found');
      } else {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        const rows = [...catcher.messages]
          .reverse()
          .map(
            (m) =>
              `<tr><td>${m.receivedAt.toISOString()}</td><td>${escapeHtml(m.envelopeTo.join(', '))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
          )
          .join('');
        res.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dondoc mail</title></head><body style="font-family:Arial,sans-serif">` +
            `<h1>Mail sent by dondoc (${catcher.messages.length})</h1><table cellpadding="4"><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table></body></html>`,
        );
      }
    });
    await new Promise<void>((resolve, reject) => {
      web!.once('error', reject);
      web!.listen(options.webPort!, hostname, () => resolve());
    });
    catcher.webUrl = `http://${hostname}:${(web.address() as AddressInfo).port}`;
  }

  catcher.stop = async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    if (web) await new Promise<void>((resolve) => web!.close(() => resolve()));
  };
  return catcher;
}
