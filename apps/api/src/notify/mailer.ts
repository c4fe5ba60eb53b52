import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** False when no SMTP server is configured (SINERGI_SMTP_URL unset): the message is not sent. */
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
}

/** E-mail over SMTP (SINERGI_SMTP_URL, e.g. smtp://user:pass@mail.example.go.id:587). */
export function createMailer(options: { smtpUrl: string | undefined; from: string }): Mailer {
  if (!options.smtpUrl) {
    return { enabled: false, send: () => Promise.resolve() };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
  };
}
