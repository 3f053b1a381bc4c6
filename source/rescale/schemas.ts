import {z} from 'zod';

/**
 * What the client accepts from Rescale (shared/rescale-api.md), checked on every answer it reads.
 * Tolerant where the platform is inconsistent (numbers as strings, nulls, missing optional fields,
 * extra fields dropped); strict on what the code relies on (ids, names, statuses).
 */

const id = z.string().min(1, 'an empty id');

/** A value the platform may leave out or send as null; both read as undefined. */
function optional<T extends z.ZodType>(schema: T) {
	return schema.nullable().transform(value => value ?? undefined).optional();
}

/** A number, also when the platform sends it as a string (`lowPriorityPrice: "0.0988"`). */
const numeric = z.union([z.number(), z.string().trim().min(1)]).transform((value, context) => {
	const number = Number(value);
	if (!Number.isFinite(number)) {
		context.addIssue({code: 'custom', message: 'expected a number'});
		return z.NEVER;
	}

	return number;
});

/** Timestamps come in several ISO-8601 shapes; they are read later by parseTimestamp. */
const timestamp = z.string();

export const userSchema = z.object({
	email: z.string().min(1, 'an empty email'),
	firstName: optional(z.string()),
	lastName: optional(z.string()),
	fullName: optional(z.string()),
	company: z.unknown().optional(),
	maxJobHours: optional(numeric),
});

export const projectSchema = z.object({id, name: z.string()});

export const coretypeSchema = z.object({
	code: id,
	name: z.string(),
	processorInfo: optional(z.string()),
	/** Allowed cores per slot. */
	cores: optional(z.array(numeric)).transform(cores => cores ?? []),
	/** GPUs per entry of `cores`: floats on some coretypes, missing on CPU ones. */
	gpuCounts: optional(z.array(numeric)).transform(counts => counts ?? []),
	/** MB per core. */
	memory: optional(numeric),
	/** GB per core. */
	storage: optional(numeric),
	/** $ per core-hour. */
	price: optional(numeric),
	/** A string on the platform. */
	lowPriorityPrice: optional(numeric),
	isDeprecated: optional(z.boolean()),
	/** Listed, but the account must ask Rescale to enable it before its jobs run. */
	mustBeRequested: optional(z.boolean()),
	displayOrder: optional(numeric),
});

export const analysisSchema = z.object({
	code: id,
	name: z.string(),
	/** Newest first. */
	versions: z.array(z.object({version: z.string(), versionCode: z.string().min(1)})),
});

export const fileSchema = z.object({
	id,
	name: z.string().min(1, 'an empty file name'),
	typeId: optional(z.number()),
	decryptedSize: optional(numeric),
	dateUploaded: optional(timestamp),
	relativePath: optional(z.string()),
	downloadUrl: optional(z.string()),
});

export const jobStatusSchema = z.object({
	status: z.string().min(1, 'an empty status'),
	statusDate: timestamp,
	statusReason: optional(z.string()).transform(reason => reason ?? ''),
});

export const jobSchema = z.object({
	id,
	name: z.string(),
	description: optional(z.string()),
	projectId: optional(z.string()),
	isLowPriority: optional(z.boolean()),
	dateInserted: optional(timestamp),
	jobStatus: optional(jobStatusSchema),
});

/** The answer of `.../runs/{run}/tail/{path}`. */
export const tailSchema = z.object({lines: z.array(z.string())});

/** The answer of `files/{id}/lines/`: `{"lines": [...]}`, or the bare list. */
export const linesSchema = z.union([z.array(z.string()), tailSchema]).transform(answer => Array.isArray(answer) ? answer : answer.lines);

export const folderSchema = z.object({id, name: z.string(), parentId: optional(id)});

export function pageOf<T extends z.ZodType>(item: T) {
	return z.object({
		count: optional(z.number()),
		/** An absolute URL, followed as given. */
		next: optional(z.string()),
		previous: optional(z.string()),
		results: z.array(item),
	});
}

/** Endpoints that answer a bare array where others page (compute prices, v3 folders). */
export function arrayOrPageOf<T extends z.ZodType>(item: T) {
	return z.union([z.array(item), pageOf(item)]).transform(answer => Array.isArray(answer) ? answer : answer.results);
}
