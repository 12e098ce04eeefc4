-- sot-lint in Neovim, 0.7 and later, without a plugin. Save this file as
-- after/ftplugin/markdown.lua in your config folder (~/.config/nvim/after/ftplugin/markdown.lua),
-- or keep it anywhere and `dofile()` it from there. docs/editors.md of sot-lint explains it.
--
-- On each Markdown buffer it starts (or reuses) the language server of the sot-lint installed in
-- the file's project: node_modules/.bin/sot in the file's folder or the nearest folder above it
-- that has one, started in that folder, which is also the workspace root. Never `npx`: run
-- outside a project, npx asks the registry for a package named `sot`, which is someone else's code.
-- Neovim 0.7 has no vim.fs and no vim.lsp.start: the search uses vim.fn, and a client is started
-- per project with vim.lsp.start_client and attached to each buffer.

local bufnr = vim.api.nvim_get_current_buf()
local file = vim.api.nvim_buf_get_name(bufnr)
if file == '' or vim.bo[bufnr].buftype ~= '' then
  return
end

local bin = vim.fn.has('win32') == 1 and 'node_modules/.bin/sot.cmd' or 'node_modules/.bin/sot'

-- The nearest folder at or above `dir` holding node_modules/.bin/sot.
local function project_of(dir)
  while true do
    if vim.fn.executable(dir .. '/' .. bin) == 1 then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

local root = project_of(vim.fn.fnamemodify(file, ':p:h'))
if not root then
  -- Said once, and only for SOT documents: other Markdown files are none of sot-lint's business.
  if file:find('/%.sot/') and not vim.g.sot_lint_said_missing then
    vim.g.sot_lint_said_missing = true
    vim.notify('sot-lint: no ' .. bin .. ' in ' .. vim.fn.fnamemodify(file, ':p:h') ..
      ' or a folder above it; run `npm install` in the project (sot-lint is never fetched with npx)', vim.log.levels.WARN)
  end
  return
end

local config = {
  name = 'sot',
  cmd = { root .. '/' .. bin, 'lsp', '--stdio' },
  cmd_cwd = root,
  root_dir = root,
  -- Optional, see docs/editors.md: { today = 'YYYY-MM-DD', debounceMs = 30, cache = true }
  init_options = vim.g.sot_lint_init_options,
}

if vim.lsp.start then
  -- 0.8 and later: reuses the running client of the same name and root.
  vim.lsp.start(config)
else
  -- 0.7: one client per project root, attached to every buffer of that project.
  _G.sot_lint_clients = _G.sot_lint_clients or {}
  local id = _G.sot_lint_clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    _G.sot_lint_clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end
