import {UserError} from '../errors.js';
import type {RescaleApi} from '../rescale/client.js';
import type {Project} from '../rescale/types.js';

export type {Project} from '../rescale/types.js';

/** The project named by id or by name among the account's projects, or a UserError listing them. */
export async function resolveProject(client: Pick<RescaleApi, 'users'> & {baseUrl: string}, wanted: string | undefined): Promise<Project | undefined> {
	if (wanted === undefined) {
		return undefined;
	}

	const projects = await client.users.projects();
	const found = projects.find(project => project.id === wanted) ?? projects.find(project => project.name.toLowerCase() === wanted.toLowerCase());
	if (!found) {
		throw new UserError(`no project "${wanted}" on ${client.baseUrl}`, {
			hint: projects.length === 0 ? 'This account has no projects: leave out --project (and RESCALE_PROJECT).' : `Projects: ${projects.slice(0, 10).map(project => `${project.name} (${project.id})`).join(', ')}${projects.length > 10 ? ', ...' : ''}.`,
		});
	}

	return found;
}
