import type {SandboxStore} from '../store.js';
import {HttpError} from '../http/http-error.js';
import {messages} from './field-errors.js';

/** A new v3 folder's name: required, and 400 if a folder of that name exists (contract, Endpoints). */
export function acceptFolderName(body: Record<string, unknown>, store: SandboxStore): string {
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (name === '') {
		throw new HttpError(400, {name: [messages.required]});
	}

	if ([...store.folders.values()].some(folder => folder.name === name)) {
		throw new HttpError(400, {name: ['A folder with this name already exists.']});
	}

	return name;
}

/** The file type ids of the contract's "File types" list. */
const fileTypes = new Set([1, 2, 3, 4, 5, 8, 10, 11, 12]);

export function acceptFileType(body: Record<string, unknown>): number {
	const type = Number(body.type);
	if (!fileTypes.has(type)) {
		throw new HttpError(400, {type: [`"${String(body.type)}" is not a valid choice.`]});
	}

	return type;
}

/** `{"ids": [...]}` naming files the user has, for folder filing and bulk type changes. */
export function acceptFileIds(body: Record<string, unknown>, store: SandboxStore): string[] {
	const {ids} = body;
	if (!Array.isArray(ids) || ids.length === 0 || !ids.every(id => typeof id === 'string')) {
		throw new HttpError(400, {ids: ['A non-empty list of file ids is required.']});
	}

	const missing = ids.filter(id => !store.files.has(id));
	if (missing.length > 0) {
		throw new HttpError(400, {ids: [`Unknown file id(s): ${missing.join(', ')}`]});
	}

	return ids;
}
