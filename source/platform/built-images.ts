import {mkdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {writeFileSync} from 'atomically';

/** An image a build filed, remembered so the same def and context are not paid for twice. */
export type BuiltImageRecord = {platform: string; sifId: string; sifName: string; jobId: string; builtAt: string};

/**
 * One file per image identity (`<dir>/<identity>.json`, see BuildPlan.identity), mode 0600 in a
 * folder of mode 0700, written whole like the job records beside it. Nothing secret is in them.
 */
export class BuiltImages {
	constructor(readonly directory: string) {}

	get(identity: string): BuiltImageRecord | undefined {
		try {
			const record = JSON.parse(readFileSync(this.#file(identity), 'utf8')) as Partial<BuiltImageRecord>;
			const fields = [record.platform, record.sifId, record.sifName, record.jobId, record.builtAt];
			// A record edited by hand or cut short is no image to offer.
			return fields.every(field => typeof field === 'string' && field !== '') ? record as BuiltImageRecord : undefined;
		} catch {
			return undefined;
		}
	}

	save(identity: string, record: BuiltImageRecord) {
		mkdirSync(this.directory, {recursive: true, mode: 0o700});
		const {platform, sifId, sifName, jobId, builtAt} = record;
		writeFileSync(this.#file(identity), JSON.stringify({platform, sifId, sifName, jobId, builtAt}, undefined, '\t'), {mode: 0o600});
	}

	forget(identity: string) {
		rmSync(this.#file(identity), {force: true});
	}

	#file(identity: string): string {
		if (!/^[\da-f]+$/.test(identity)) {
			throw new Error(`not an image identity: ${identity}`);
		}

		return path.join(this.directory, `${identity}.json`);
	}
}
