import type {DockerfileModel} from './model.js';
import {resolveStages} from './stages.js';

/** Why a Dockerfile builds a Windows container, tied to the line that says so; undefined for Linux. */
export type WindowsSign = {line: number; reason: string};

/** Windows base images: everything under mcr.microsoft.com/windows, and the nanoserver/servercore tags of the others (dotnet, powershell...). */
const windowsImage = /^(?:mcr\.microsoft\.com\/)?windows(?:\/|$)|^mcr\.microsoft\.com\/.*:.*(?:nanoserver|windowsservercore|servercore|ltsc\d{4})/i;
const windowsShell = /^(?:powershell|pwsh|cmd)(?:\.exe)?$/i;

/**
 * Apptainer runs Linux images only, so a Windows Dockerfile cannot be converted: its base image
 * does not exist for Linux and its RUN steps are PowerShell or cmd.
 */
export function windowsSign(model: DockerfileModel): WindowsSign | undefined {
	for (const stage of resolveStages(model)) {
		if (windowsImage.test(stage.resolvedImage)) {
			return {line: stage.from.line, reason: `${stage.resolvedImage} is a Windows image`};
		}

		for (const instruction of stage.instructions.filter(candidate => candidate.keyword === 'SHELL')) {
			const program = instruction.exec?.[0]?.split(/[\\/]/).at(-1) ?? '';
			if (windowsShell.test(program)) {
				return {line: instruction.line, reason: `SHELL ${program} runs the build steps in a Windows shell`};
			}
		}
	}

	return undefined;
}
