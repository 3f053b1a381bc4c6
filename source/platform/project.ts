import {UserError} from '../errors.js';
import type {RescaleClient} from '../rescale/client.js';

export type Project = {id: string; name: string};

/** The project named by id or by name among the account's projects, or a UserError listing them. */
export async function resolveProject(client: RescaleClient, wanted: string | undefined): Promise<Project | undefined> {
	if (wanted === undefined) {
		return undefined;
	}

	const projects = await client.listProjects();
	const found = projects.find(project => project.id === wanted) ?? projects.find(project => project.name.toLowerCase() === wanted.toLowerCase());
	if (!found) {
		throw new UserError(`no project "${wanted}" on ${client.baseUrl}`, {
			hint: projects.length === 0 ? 'This account has no projects: leave out --project (and RESCALE_PROJECT).' : `Projects: ${projects.slice(0, 10).map(project => `${project.name} (${project.id})`).join(', ')}${projects.length > 10 ? ', ...' : ''}.`,
		});
	}

	return found;
}
