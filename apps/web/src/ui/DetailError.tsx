import { Alert, Anchor, Stack } from '@mantine/core';
import { Link } from 'react-router-dom';

/**
 * A detail page that could not be loaded (gone, or outside the user's region): the way back to its
 * list above the message, so that a shared or mistyped link does not end in a bare red box.
 */
export function DetailError({
  message,
  backTo,
  backLabel,
}: {
  message: string;
  backTo: string;
  backLabel: string;
}) {
  return (
    <Stack gap="md">
      <Anchor component={Link} to={backTo} size="sm" style={{ alignSelf: 'flex-start' }}>
        ← {backLabel}
      </Anchor>
      <Alert color="red" data-testid="detail-error">
        {message}
      </Alert>
    </Stack>
  );
}
