// 访问令牌: the user's personal access tokens for GIS tools (QGIS, GDAL), in a dialog opened from the
// top bar. A new token is shown once, with the addresses to paste into QGIS; tokens can be revoked.
import { useCallback, useEffect, useState } from 'react';
import { createTokensClient, type AccessTokenItem, type CreatedToken, type TokensClient } from '../api/tokens.ts';
import { ApiError } from '../api/client.ts';
import './access-tokens.css';

const STATE_LABEL: Record<AccessTokenItem['state'], string> = { active: '有效', expired: '已过期', revoked: '已撤销' };
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');

export function AccessTokens({ username, onClose, client = createTokensClient() }: { username: string; onClose(): void; client?: TokensClient }) {
  const [items, setItems] = useState<AccessTokenItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [name, setName] = useState('QGIS');
  const [days, setDays] = useState(90);
  const [writable, setWritable] = useState(false);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;

  const load = useCallback(() => {
    client.list().then((a) => setItems(a.items)).catch((e: unknown) => setError(e instanceof ApiError ? e.message : '令牌列表加载失败'));
  }, [client]);
  useEffect(load, [load]);

  const create = async () => {
    setError(null);
    try {
      setCreated(await client.create({ name, days, read_only: !writable }));
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '创建失败，请重试');
    }
  };
  const revoke = async (t: AccessTokenItem) => {
    if (!globalThis.confirm(`撤销令牌“${t.name}”？使用它的 GIS 软件将立即无法访问。`)) return;
    try {
      await client.revoke(t.id);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '撤销失败，请重试');
    }
  };

  return (
    <div className="tokens-backdrop" role="presentation" onClick={onClose}>
      <div className="tokens-dialog" role="dialog" aria-modal="true" aria-label="访问令牌" onClick={(e) => e.stopPropagation()}>
        <h2>访问令牌（供 QGIS、GDAL 等 GIS 软件使用）</h2>
        <p className="hint">
          令牌代表您的账号和权限。在 QGIS 中新建“OGC API - Features”连接，地址填 <code>{origin}/api/ogc</code>，
          认证选“基本认证”：用户名 <code>{username}</code>，密码填令牌。矢量瓦片：<code>{origin}/api/style.json</code>。
        </p>
        {created && (
          <div className="token-created" role="status">
            <strong>新令牌（只显示这一次，请立即复制保存）：</strong>
            <input readOnly value={created.token} aria-label="新令牌" onFocus={(e) => e.currentTarget.select()} />
          </div>
        )}
        <form className="token-form" onSubmit={(e) => { e.preventDefault(); void create(); }}>
          <label>名称 <input value={name} maxLength={60} onChange={(e) => setName(e.target.value)} /></label>
          <label>有效期（天） <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} /></label>
          <label><input type="checkbox" checked={writable} onChange={(e) => setWritable(e.target.checked)} /> 允许修改数据（默认只读）</label>
          <button type="submit">创建令牌</button>
        </form>
        {error && <p className="error" role="alert">{error}</p>}
        <table className="tokens-table">
          <thead><tr><th>名称</th><th>令牌开头</th><th>权限</th><th>创建</th><th>到期</th><th>最近使用</th><th>状态</th><th /></tr></thead>
          <tbody>
            {items?.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td><td><code>{t.prefix}…</code></td><td>{t.read_only ? '只读' : '读写'}</td>
                <td>{day(t.created_at)}</td><td>{day(t.expires_at)}</td><td>{day(t.last_used_at)}</td><td>{STATE_LABEL[t.state]}</td>
                <td>{t.state === 'active' && <button type="button" onClick={() => void revoke(t)}>撤销</button>}</td>
              </tr>
            ))}
            {items?.length === 0 && <tr><td colSpan={8}>还没有令牌</td></tr>}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>关闭</button>
      </div>
    </div>
  );
}
