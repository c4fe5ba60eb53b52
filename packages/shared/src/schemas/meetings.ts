import { z } from 'zod';
import { regionCodeSchema } from './common.ts';

/** Coordination meetings (DESIGN C5): meetings, participants, decisions, follow-ups, legal bases. */

export const MEETING_KINDS = ['rakor', 'dialog', 'monitoring', 'virtual_briefing', 'other'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** How minutes and the web name each kind. */
export const MEETING_KIND_LABELS: Record<MeetingKind, { id: string; en: string }> = {
  rakor: { id: 'Rapat Koordinasi', en: 'Coordination meeting' },
  dialog: { id: 'Dialog Sinergitas', en: 'Synergy dialogue' },
  monitoring: { id: 'Rapat Pantau', en: 'Monitoring meeting' },
  virtual_briefing: { id: 'Rakor Virtual Nasional', en: 'Virtual national briefing' },
  other: { id: 'Rapat Lainnya', en: 'Other meeting' },
};

export const FOLLOW_UP_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** A follow-up in one of these is finished: never overdue, never reminded. */
export const CLOSED_FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['done', 'dropped'];

export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, { id: string; en: string }> = {
  open: { id: 'Belum dikerjakan', en: 'Open' },
  in_progress: { id: 'Sedang dikerjakan', en: 'In progress' },
  done: { id: 'Selesai', en: 'Done' },
  dropped: { id: 'Dibatalkan', en: 'Dropped' },
};

/**
 * The institutions that usually sit in a Forkopimda meeting, offered first when recording a
 * participant or a follow-up owner; any other name may be typed.
 */
export const MEETING_INSTITUTIONS = [
  'Bupati/Wali Kota',
  'DPRD',
  'Polres',
  'Kodim',
  'Kejari',
  'Pengadilan Negeri',
  'Pengadilan Agama',
  'KPU',
  'Bawaslu',
  'Kesbangpol',
  'Binda',
  'FKUB',
  'FKDM',
  'FPK',
  'Camat',
  'Kades/Lurah',
] as const;

export const LEGAL_BASIS_KINDS = [
  'UU',
  'Perppu',
  'PP',
  'Perpres',
  'Inpres',
  'Permendagri',
  'Kepmendagri',
  'PKPU',
  'Perbawaslu',
  'Perda',
  'Pergub',
  'Perbup',
  'Perwali',
  'other',
] as const;
export type LegalBasisKind = (typeof LEGAL_BASIS_KINDS)[number];
/** Regional regulations belong to one region; the others are national. */
export const REGIONAL_LEGAL_BASIS_KINDS: readonly LegalBasisKind[] = ['Perda', 'Pergub', 'Perbup', 'Perwali'];

/** How a citation names each kind in full in official writing ("Undang-Undang Nomor 23 Tahun 2014"). */
export const LEGAL_BASIS_KIND_NAMES: Record<LegalBasisKind, string> = {
  UU: 'Undang-Undang',
  Perppu: 'Peraturan Pemerintah Pengganti Undang-Undang',
  PP: 'Peraturan Pemerintah',
  Perpres: 'Peraturan Presiden',
  Inpres: 'Instruksi Presiden',
  Permendagri: 'Peraturan Menteri Dalam Negeri',
  Kepmendagri: 'Keputusan Menteri Dalam Negeri',
  PKPU: 'Peraturan Komisi Pemilihan Umum',
  Perbawaslu: 'Peraturan Badan Pengawas Pemilihan Umum',
  Perda: 'Peraturan Daerah',
  Pergub: 'Peraturan Gubernur',
  Perbup: 'Peraturan Bupati',
  Perwali: 'Peraturan Wali Kota',
  other: 'Peraturan',
};

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A meeting's start: an instant with its offset ("2024-11-12T09:00:00+07:00"), or a wall-clock time
 * without one ("2024-11-12T09:00"), which is read in the meeting region's zone.
 */
export const meetingTimeSchema = z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })]);

/** A short citation such as "UU 23/2014" or "Permendagri 42/2015" (also accepted in place of an id). */
export const LEGAL_CITATION_PATTERN = /^([A-Za-z]+)\s+([\w.-]+)\s*\/\s*(\d{4})$/;

/** Agenda items: a list, or one text with an item per line. */
const agendaSchema = z
  .union([z.array(text(500)).max(50), z.string().max(10_000)])
  .transform((value) =>
    Array.isArray(value)
      ? value
      : value
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.length > 0),
  )
  .pipe(z.array(text(500)).max(50));

export const personSchema = z.strictObject({
  name: text(200),
  position: text(200),
});

const meetingFields = {
  kind: z.enum(MEETING_KINDS),
  title: text(300),
  theme: text(1000).nullable(),
  startsAt: meetingTimeSchema,
  endsAt: meetingTimeSchema.nullable(),
  venue: text(300).nullable(),
  /** Where an online meeting is joined. */
  link: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .nullable(),
  /** Ids from GET /legal-bases, or citations such as "UU 23/2014". */
  legalBases: z.array(z.string().trim().min(1).max(100)).max(30),
  agenda: agendaSchema,
  /** Discussion summary for the minutes (pembahasan). */
  summary: z.string().trim().max(20_000).nullable(),
  /** Who chairs (signs the minutes; gets escalations when `userId` names a registered user). */
  chair: personSchema.extend({ userId: z.uuid().optional() }).nullable(),
  /** Who takes the minutes (notulis). */
  minutesTaker: personSchema.nullable(),
  /** The organising office under the government letterhead; default Badan Kesatuan Bangsa dan Politik. */
  organizer: text(200).nullable(),
};

export const meetingCreateSchema = z.strictObject({
  regionCode: regionCodeSchema,
  kind: meetingFields.kind,
  title: meetingFields.title,
  theme: meetingFields.theme.optional(),
  startsAt: meetingFields.startsAt,
  endsAt: meetingFields.endsAt.optional(),
  venue: meetingFields.venue.optional(),
  link: meetingFields.link.optional(),
  legalBases: meetingFields.legalBases.optional(),
  agenda: meetingFields.agenda.optional(),
  summary: meetingFields.summary.optional(),
  chair: meetingFields.chair.optional(),
  minutesTaker: meetingFields.minutesTaker.optional(),
  organizer: meetingFields.organizer.optional(),
});
export type MeetingCreate = z.infer<typeof meetingCreateSchema>;

export const meetingUpdateSchema = z
  .strictObject(meetingFields)
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');
export type MeetingUpdate = z.infer<typeof meetingUpdateSchema>;

export const meetingListQuerySchema = z.strictObject({
  region: regionCodeSchema.optional(),
  kind: z.enum(MEETING_KINDS).optional(),
  /** Local dates in each meeting's zone, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});

export const legalBasisCreateSchema = z
  .strictObject({
    kind: z.enum(LEGAL_BASIS_KINDS),
    number: z
      .string()
      .trim()
      .regex(/^[\w.-]{1,30}$/, 'a number such as 23 or 050-5889'),
    year: z.number().int().min(1945).max(2100),
    title: text(500),
    /** Required for regional regulations (Perda, Pergub, Perbup, Perwali); absent for national ones. */
    regionCode: regionCodeSchema.optional(),
  })
  .refine((v) => REGIONAL_LEGAL_BASIS_KINDS.includes(v.kind) === (v.regionCode !== undefined), {
    message: 'regional regulations (Perda, Pergub, Perbup, Perwali) name their region; national ones do not',
    path: ['regionCode'],
  });
export type LegalBasisCreate = z.infer<typeof legalBasisCreateSchema>;

export const legalBasisSchema = z.object({
  id: z.uuid(),
  kind: z.enum(LEGAL_BASIS_KINDS),
  number: z.string(),
  year: z.number().int(),
  title: z.string(),
  regionCode: z.string().nullable(),
  /** "UU 23/2014" */
  citation: z.string(),
  /** "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah" */
  fullName: z.string(),
});
export type LegalBasis = z.infer<typeof legalBasisSchema>;

export const participantCreateSchema = z.strictObject({
  name: text(200),
  position: text(200),
  /** One of MEETING_INSTITUTIONS or any other name. */
  institution: text(200),
  /** Whom this person stands in for, e.g. "Plt. Bupati Tanjung Jabung Timur". */
  representing: text(300).nullable().optional(),
  attended: z.boolean().default(false),
  /** A registered user: gets the invitation by e-mail and in the app. */
  userId: z.uuid().nullable().optional(),
});
export type ParticipantCreate = z.infer<typeof participantCreateSchema>;

export const participantUpdateSchema = z
  .strictObject({
    name: text(200),
    position: text(200),
    institution: text(200),
    representing: text(300).nullable(),
    attended: z.boolean(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');
export type ParticipantUpdate = z.infer<typeof participantUpdateSchema>;

/** The owner of a follow-up: an institution ("Polres"), a registered user, or both. */
export const assigneeSchema = z
  .union([
    text(200).transform((institution) => ({ institution, userId: undefined })),
    z.strictObject({ institution: text(200).optional(), userId: z.uuid().optional() }),
  ])
  .refine((a) => a.institution !== undefined || a.userId !== undefined, 'an institution or a userId');
export type AssigneeInput = z.infer<typeof assigneeSchema>;

export const followUpCreateSchema = z.strictObject({
  title: text(500),
  assignee: assigneeSchema,
  /** The last day (in the meeting region's zone) to finish it. */
  dueOn: isoDate,
});

export const decisionCreateSchema = z.strictObject({
  text: text(5000),
  followUps: z.array(followUpCreateSchema).max(30).optional(),
});
export type DecisionCreate = z.infer<typeof decisionCreateSchema>;

export const followUpUpdateSchema = z
  .strictObject({
    status: z.enum(FOLLOW_UP_STATUSES),
    /** Why it was dropped (required with status "dropped"). */
    reason: text(2000),
    /** Evidence of progress or completion, as text; files go to POST /follow-ups/ID/evidence. */
    evidence: text(5000),
    /** Officers only: a new due date or owner. */
    dueOn: isoDate,
    assignee: assigneeSchema,
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');
export type FollowUpUpdate = z.infer<typeof followUpUpdateSchema>;

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const followUpListQuerySchema = z.strictObject({
  region: regionCodeSchema.optional(),
  /** One status or several separated by commas. */
  status: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(FOLLOW_UP_STATUSES)).min(1))
    .optional(),
  overdue: booleanQuery.optional(),
  /** Only those assigned to me or to my institution. */
  mine: booleanQuery.optional(),
  meetingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});
export type FollowUpListQuery = z.infer<typeof followUpListQuerySchema>;
export const followUpExportQuerySchema = followUpListQuerySchema.omit({ limit: true, cursor: true });

export const followUpStatsQuerySchema = z.strictObject({ parent: regionCodeSchema.optional() });

const regionRefSchema = z.object({
  code: z.string(),
  name: z.string(),
  timezone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
  timezoneAbbreviation: z.enum(['WIB', 'WITA', 'WIT']),
});

export const evidenceSchema = z.object({
  id: z.uuid(),
  text: z.string().nullable(),
  file: z
    .object({ sha256: z.string(), name: z.string(), mime: z.string(), size: z.number().int() })
    .nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const followUpSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  assignee: z.object({
    institution: z.string().nullable(),
    userId: z.uuid().nullable(),
    name: z.string().nullable(),
  }),
  dueOn: z.string(),
  /** The end of dueOn in the region's zone: after this instant an unfinished follow-up is overdue. */
  dueAt: z.string(),
  status: z.enum(FOLLOW_UP_STATUSES),
  overdue: z.boolean(),
  dropReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  evidence: z.array(evidenceSchema),
  region: regionRefSchema,
  meeting: z.object({ id: z.uuid(), title: z.string(), startsAt: z.string() }),
  decision: z.object({ id: z.uuid(), number: z.number().int(), text: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const decisionSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  text: z.string(),
  followUps: z.array(followUpSchema),
  createdAt: z.string(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const participantSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.string(),
  institution: z.string(),
  representing: z.string().nullable(),
  attended: z.boolean(),
  userId: z.uuid().nullable(),
  invitationSentAt: z.string().nullable(),
});
export type Participant = z.infer<typeof participantSchema>;

export const ATTACHMENT_KINDS = ['invitation', 'material', 'photo', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const attachmentSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ATTACHMENT_KINDS),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const meetingSummarySchema = z.object({
  id: z.uuid(),
  region: regionRefSchema,
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  theme: z.string().nullable(),
  /** ISO 8601 with the region's offset (+07:00 WIB, +08:00 WITA, +09:00 WIT). */
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  venue: z.string().nullable(),
  link: z.string().nullable(),
  participantCount: z.number().int(),
  attendedCount: z.number().int(),
  decisionCount: z.number().int(),
  openFollowUps: z.number().int(),
  overdueFollowUps: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

export const meetingSchema = meetingSummarySchema.extend({
  agenda: z.array(z.string()),
  summary: z.string().nullable(),
  chair: z.object({ name: z.string(), position: z.string(), userId: z.uuid().nullable() }).nullable(),
  minutesTaker: z.object({ name: z.string(), position: z.string() }).nullable(),
  organizer: z.string(),
  legalBases: z.array(legalBasisSchema),
  participants: z.array(participantSchema),
  decisions: z.array(decisionSchema),
  attachments: z.array(attachmentSchema),
});
export type Meeting = z.infer<typeof meetingSchema>;

export const invitationSchema = z.object({
  participantId: z.uuid(),
  meeting: meetingSummarySchema.pick({
    id: true,
    kind: true,
    title: true,
    startsAt: true,
    endsAt: true,
    venue: true,
    link: true,
    region: true,
  }),
  position: z.string(),
  institution: z.string(),
  attended: z.boolean(),
  invitedAt: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const followUpStatsSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      meetings: z.number().int(),
      open: z.number().int(),
      inProgress: z.number().int(),
      done: z.number().int(),
      dropped: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
});
