import { Button } from "./button";

/** A confirmation's OK and Cancel; OK says "Working…" while the confirmed run is in flight. */
export function ConfirmActions({
  onConfirm,
  onCancel,
  isWorking,
  isDisabled = false,
}: {
  onConfirm: () => void;
  onCancel: () => void;
  isWorking: boolean;
  isDisabled?: boolean;
}) {
  return (
    <div className="flex gap-2">
      <Button variant="primary" disabled={isDisabled || isWorking} onClick={onConfirm}>
        {isWorking ? "Working…" : "OK"}
      </Button>
      <Button onClick={onCancel}>Cancel</Button>
    </div>
  );
}
