import type {Platform} from '../platform.js';

/**
 * Some workspaces require every job to carry a `projectId` from `users/me/projects/` and refuse
 * others with a field error (contract, corrections: Projects). Other workspaces take any value.
 */
export function projectProblems(projectId: unknown, platform: Platform): string[] {
	if (!platform.requireProject) {
		return [];
	}

	const names = platform.catalog.projects.map(project => `${project.id} (${project.name})`).join(', ');
	if (projectId === undefined || projectId === null || projectId === '') {
		return [`This workspace requires every job to name a project: set projectId to one of ${names}.`];
	}

	return platform.catalog.projects.some(project => project.id === projectId)
		? []
		: [`"${String(projectId)}" is not one of your projects: ${names}.`];
}
