-- Drives headless Neovim for test/lsp/neovim.test.ts. The editor's own configuration is the one
-- docs/editors/neovim/sot.lua ships (linked as after/ftplugin/markdown.lua); this file only acts
-- as the user: opens the documents, waits for diagnostics, edits a status, and writes what it saw
-- to $SOT_NVIM_OUT as JSON.
local out = {}
local timeout = tonumber(os.getenv('SOT_NVIM_TIMEOUT_MS') or '60000')

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(list, { code = code, line = d.lnum + 1, col = d.col + 1, message = d.message, source = d.source })
  end
  return list
end

local function has(buf, code)
  for _, d in ipairs(codes(buf)) do
    if d.code == code then return true end
  end
  return false
end

-- vim.lsp.get_clients is 0.10+; buf_get_clients and get_active_clients are what 0.7 has.
local function clients(buf)
  if vim.lsp.get_clients then return vim.lsp.get_clients(buf and { bufnr = buf } or nil) end
  if buf then return vim.lsp.buf_get_clients(buf) end
  return vim.lsp.get_active_clients()
end

local function clients_of(buf)
  local list = {}
  for _, c in pairs(clients(buf)) do
    table.insert(list, { id = c.id, name = c.name, cmd = c.config.cmd, cmd_cwd = c.config.cmd_cwd, root_dir = c.config.root_dir })
  end
  return list
end

local function step()
  vim.o.hidden = true
  out.version = vim.version()
  out.vim_fs = vim.fs ~= nil
  local prd = os.getenv('SOT_NVIM_PRD')
  local issues = os.getenv('SOT_NVIM_ISSUES')
  local outside = os.getenv('SOT_NVIM_OUTSIDE')

  vim.cmd('edit ' .. vim.fn.fnameescape(prd))
  local prd_buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[prd_buf].filetype
  out.conflict_seen = vim.wait(timeout, function() return has(prd_buf, 'status-claim-conflict') end, 50)
  out.before = codes(prd_buf)
  out.clients = clients_of(prd_buf)

  vim.cmd('edit ' .. vim.fn.fnameescape(issues))
  local issues_buf = vim.api.nvim_get_current_buf()
  out.issues_before_seen = vim.wait(timeout, function() return has(issues_buf, 'validated-with-open-blocker') end, 50)
  out.issues_clients = clients_of(issues_buf)
  local line = vim.api.nvim_buf_get_lines(issues_buf, 35, 36, false)[1]
  out.edited_line = line
  vim.api.nvim_buf_set_lines(issues_buf, 35, 36, false, { 'Status: blocked.' })

  out.conflict_cleared = vim.wait(timeout, function() return not has(prd_buf, 'status-claim-conflict') end, 50)
  out.after = codes(prd_buf)
  out.issues_after_cleared = vim.wait(timeout, function() return not has(issues_buf, 'validated-with-open-blocker') end, 50)
  out.issues_after = codes(issues_buf)

  -- A Markdown file in no project: no client, and no error.
  vim.cmd('edit ' .. vim.fn.fnameescape(outside))
  local outside_buf = vim.api.nvim_get_current_buf()
  vim.wait(500)
  out.outside_clients = clients_of(outside_buf)
  local all = {}
  for _, c in pairs(clients(nil)) do table.insert(all, c.name) end
  out.all_clients = all
end

local ok, err = pcall(step)
out.ok = ok
if not ok then out.error = tostring(err) end
out.messages = vim.fn.execute('messages')
local f = assert(io.open(os.getenv('SOT_NVIM_OUT'), 'w'))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')
