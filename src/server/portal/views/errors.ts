/** Pages for addresses that lead nowhere and for failures. */
import { type Html, html } from "../html.ts";
import { type PageContext, page } from "../layout.ts";
import { searchForm } from "./home.ts";

export function messagePage(ctx: PageContext, title: string, text: string): Html {
	return page(
		ctx,
		title,
		html`<div class="wrap">
<h1>${title}</h1>
<p class="notice" role="alert">${text}</p>
${searchForm(ctx, "", "all")}
<p><a href="/">${ctx.t("error.home")}</a></p>
</div>`,
	);
}
