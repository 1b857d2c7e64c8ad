import { useT } from '../i18n/i18n.tsx';

export function Spinner() {
  const t = useT();
  return (
    <div className="spinner" role="status">
      {t('common.loading')}
    </div>
  );
}
