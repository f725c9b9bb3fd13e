import { useState, useTransition, type FormEvent } from "react";
import { IDLE, type ActionState } from "@/lib/action-state";

type FormAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * Submits a form to a server action by hand: what was ticked or chosen stays after a refusal
 * (a form action would reset the form), and success is handed to `onDone` — typically closing
 * the panel — instead of being kept as state.
 */
export function useFormAction(action: FormAction, onDone: (message: string) => void) {
  const [state, setState] = useState<ActionState>(IDLE);
  const [isPending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      const next = await action(IDLE, formData);
      startTransition(() => {
        if (next.status === "done") onDone(next.message ?? "Saved.");
        else setState(next);
      });
    });
  };
  return { state, isPending, onSubmit };
}
