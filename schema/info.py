"""What every resolver of this schema is given as `info`: Strawberry's Info with the request's
context (RequestContext), or for subscriptions the live connection's (LiveContext)."""

from __future__ import annotations

import strawberry

from resolvers.context import RequestContext
from resolvers.live.context import LiveContext

Info = strawberry.Info[RequestContext, None]
LiveInfo = strawberry.Info[LiveContext, None]
