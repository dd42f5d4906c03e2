/**
 * What a capability row of a lab can refer to: the lab's CMA numbers (from its qualifications) and its
 * active signatories (when the reader may list its staff).
 */
import { withQuery } from "../../api/client.ts";
import type { OpenPage, OrganizationDetail, Person } from "../../api/types.ts";
import { useCan } from "../../app/session.tsx";
import type { Option } from "../../components/codes.tsx";
import { useGet } from "../../components/useGet.ts";

export function useLabChoices(lab: string | null): {
	org: OrganizationDetail | undefined;
	options: Record<string, Option[]>;
} {
	const can = useCan();
	const { data: org } = useGet<OrganizationDetail>(lab ? `/organizations/${encodeURIComponent(lab)}` : null);
	const { data: staff } = useGet<OpenPage<Person>>(
		lab && can("person.write") ? withQuery("/people", { employer: lab, pageSize: 100 }) : null,
	);
	const options: Record<string, Option[]> = {};
	const cmas = org?.qualifications.filter((q) => q.type === "cma") ?? [];
	if (cmas.length) options.cmaNumber = cmas.map((q) => ({ value: q.number, label: q.number }));
	const signatories = staff?.items.filter((p) => p.roles.includes("signatory") && p.status === "active");
	if (signatories?.length)
		options.signatories = signatories.map((p) => ({ value: p.ref, label: `${p.name}（${p.ref}）` }));
	return { org, options };
}
