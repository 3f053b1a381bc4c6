import {projectSchema, userSchema} from './schemas.js';
import type {Transport} from './transport.js';
import type {Project, User} from './types.js';

export type UsersApi = {
	/** The key's user; the way to verify a key. */
	me(signal?: AbortSignal): Promise<User>;
	/** Projects a job may name (some workspaces require one). */
	projects(): Promise<Project[]>;
};

export class Users implements UsersApi {
	readonly #transport: Transport;

	constructor(transport: Transport) {
		this.#transport = transport;
	}

	async me(signal?: AbortSignal): Promise<User> {
		return this.#transport.read('GET', '/api/v2/users/me/', userSchema, {signal});
	}

	async projects(): Promise<Project[]> {
		return this.#transport.collect('/api/v2/users/me/projects/', projectSchema);
	}
}
