/** A button that is a link to a console page (opens in a new tab on Ctrl/⌘-click like any link). */
import { Button, type ButtonProps } from "antd";
import type { MouseEvent } from "react";
import { href, navigate } from "../app/router.tsx";

export function LinkButton({ to, ...rest }: Omit<ButtonProps, "href" | "onClick"> & { to: string }) {
	const onClick = (e: MouseEvent<HTMLElement>) => {
		if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
		e.preventDefault();
		navigate(to);
	};
	return <Button {...rest} href={href(to)} onClick={onClick} />;
}
