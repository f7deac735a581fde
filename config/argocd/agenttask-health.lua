-- Argo CD health check for oz.warp.dev/AgentTask. It reads the kstatus conditions the operator
-- writes (Ready, Reconciling, Stalled) and falls back to status.phase:
--   Succeeded                       -> Healthy
--   Failed, or Cancelled            -> Degraded (Stalled=True: it will not fix itself)
--   Pending, Queued, Starting, Running, no status yet, or a status of an older generation
--                                   -> Progressing
hs = {}

local function condition(status, type)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to see the task"
  return hs
end

local generation = obj.metadata ~= nil and obj.metadata.generation or nil
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local message = status.message or ""
local stalled = condition(status, "Stalled")
local ready = condition(status, "Ready")
local phase = status.phase

if (stalled ~= nil and stalled.status == "True") or phase == "Failed" or phase == "Cancelled" then
  hs.status = "Degraded"
  local reason = status.reason or (stalled ~= nil and stalled.reason) or phase
  hs.message = reason .. ": " .. message
elseif (ready ~= nil and ready.status == "True") or phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = message
else
  hs.status = "Progressing"
  hs.message = phase .. ": " .. message
end
return hs
