"""Imports run one way (CONVENTIONS.md, DESIGN.md):

- no import cycle between modules;
- between apps: portal ← partners ← practices ← projects, newsletter depends on portal only, community on
  portal and partners; portal imports a domain app only in portal/urls.py, to mount its urls modules;
- inside an app: models/rules → queries/services/tasks → forms → views (and the other entry points:
  urls, api, admin, wagtail hooks, management commands, template tags).

The graph is read from the source with ``ast``, every import statement counted wherever it stands: at
module level, inside a function (the usual way to hide a cycle from Python) or under ``if TYPE_CHECKING``.
Strings (``include("partners.urls")``, ``INSTALLED_APPS``, ``apps.get_model``) are not imports.
"""

import ast
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
APPS = ["portal", "partners", "practices", "projects", "newsletter", "community", "forum", "knowledge"]

# Between apps: an app may import the apps before it in this chain; newsletter and forum only portal;
# community (Friends, members, spaces) portal and partners; knowledge (the knowledge bank) portal only.
CHAIN = ["portal", "partners", "practices", "projects"]
MAY_IMPORT = {app: set(CHAIN[: CHAIN.index(app)]) for app in CHAIN} | {
    "newsletter": {"portal"},
    "forum": {"portal"},
    "community": {"portal", "partners"},
    "knowledge": {"portal"},
}

# Inside an app, the layer of a module is named by its first part after the app (``projects.views`` and
# ``projects.views.review`` are views). A module may import its own layer and the layers below.
LAYERS = {
    "models": 0,
    "rules": 0,
    "roles": 0,
    "queries": 1,
    "services": 1,
    "tasks": 1,
    "forms": 2,
    "views": 3,
    "api": 3,
    "urls": 3,
    "admin": 3,
    "wagtail_hooks": 3,
    "management": 3,
    "templatetags": 3,
}
LAYER_NAMES = {0: "models/rules", 1: "queries/services/tasks", 2: "forms", 3: "views"}


# --- The graph ------------------------------------------------------------------------------------


def project_modules(base=BASE, apps=APPS):
    """{dotted module name: path} of every .py file of the apps, migrations excepted."""
    modules = {}
    for app in apps:
        for path in sorted((base / app).rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _resolve(name, modules):
    """The longest prefix of ``name`` that is a module of the project, or None."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(module, path, modules):
    """[(imported module, line)] of every import statement in the file that names a project module."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module
            # ``from partners import services`` imports the module partners.services; ``from partners.models
            # import Organisation`` the module partners.models.
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.append((target, node.lineno))
    return found


def import_graph(base=BASE, apps=APPS):
    """{module: {imported module: first line that imports it}}."""
    modules = project_modules(base, apps)
    graph = {}
    for module, path in modules.items():
        edges = {}
        for target, line in imports_of(module, path, modules):
            edges.setdefault(target, line)
        graph[module] = edges
    return graph


def cycles(graph):
    """The cycles of the graph: for each strongly connected component of more than one module (Tarjan),
    the shortest cycle through each of its modules, as the list of its modules, the first repeated at the end."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(set(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    found = []
    for component in components:
        # The shortest cycle through each of its modules, written from its first module in sorted order.
        for start in sorted(component):
            cycle = _shortest_cycle(start, component, graph)[:-1]
            first = cycle.index(min(cycle))
            cycle = cycle[first:] + cycle[:first]
            if cycle + [cycle[0]] not in found:
                found.append(cycle + [cycle[0]])
    return found


def _shortest_cycle(start, component, graph):
    """Breadth-first inside the component, back to ``start``."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node]):
            if target == start:
                return paths[node] + [start]
            if target in component and target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    raise AssertionError(f"{start} is on no cycle of {sorted(component)}")


def _app(module):
    return module.split(".")[0]


def _layer(module):
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return LAYERS.get(parts[1])


def _is_urls_module(module):
    last = module.rsplit(".", 1)[-1]
    return last == "urls" or last.endswith("_urls")


def app_order_violations(graph):
    found = []
    for module, edges in sorted(graph.items()):
        app = _app(module)
        for target, line in sorted(edges.items()):
            other = _app(target)
            if other == app or other in MAY_IMPORT[app]:
                continue
            if module == "portal.urls" and _is_urls_module(target):
                continue  # the project's URLconf mounts each app's URLs
            found.append(f"{module} (line {line}) imports {target}: {app} may not depend on {other}")
    return found


def layer_violations(graph):
    """Imports inside an app that go up the layers, directly or through modules of no layer (helpers):
    a model that imports a helper that imports a service depends on the service."""
    found = []
    for module in sorted(graph):
        own = _layer(module)
        if own is None:
            continue
        # Walk through helpers of the same app until a module with a layer is reached.
        seen = set()
        todo = [(target, [module, target], graph[module][target]) for target in sorted(graph[module])]
        while todo:
            target, path, line = todo.pop(0)
            if target in seen or _app(target) != _app(module):
                continue
            seen.add(target)
            theirs = _layer(target)
            if theirs is None:
                todo += [(nxt, path + [nxt], line) for nxt in sorted(graph.get(target, ())) if nxt not in seen]
            elif theirs > own:
                via = f" (through {' → '.join(path[1:-1])})" if len(path) > 2 else ""
                found.append(
                    f"{module} (line {line}) imports {target}{via}: "
                    f"{LAYER_NAMES[own]} may not depend on {LAYER_NAMES[theirs]}"
                )
    return found


# Forms reach services without an import, as an argument: a service that saves a form or reads its
# cleaned_data depends on the forms layer all the same. Services take data and their actor (``by=``).


def _names_a_form(name):
    name = name.rsplit(".", 1)[-1]
    return name in ("form", "formset") or name.endswith(("_form", "_formset"))


FORM_ATTRIBUTES = {"cleaned_data", "is_valid", "save_m2m", "add_error", "errors"}


def form_arguments_below_forms(base=BASE, apps=APPS):
    found = []
    for module, path in sorted(project_modules(base, apps).items()):
        layer = _layer(module)
        if layer is None or layer >= LAYERS["forms"]:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                names = [a.arg for a in arguments if _names_a_form(a.arg)]
                if names:
                    found.append(f"{module}.{node.name} (line {node.lineno}) takes a form: {', '.join(names)}")
            elif isinstance(node, ast.Attribute) and node.attr in FORM_ATTRIBUTES:
                owner = ast.unparse(node.value)
                if _names_a_form(owner):
                    found.append(f"{module} (line {node.lineno}) uses {owner}.{node.attr}")
    return found


# --- The checks on the project -------------------------------------------------------------------


def _report(title, lines):
    return title + "\n  " + "\n  ".join(lines)


def test_the_graph_knows_every_app_and_sees_their_imports():
    graph = import_graph()
    assert {_app(m) for m in graph} == set(APPS)
    assert "partners.models" in graph["partners.views"]
    assert not any(".migrations" in module for module in graph)
    assert sum(len(edges) for edges in graph.values()) > 100


def test_no_import_cycle():
    found = [" → ".join(cycle) for cycle in cycles(import_graph())]
    assert found == [], _report("Import cycles:", found)


def test_apps_import_in_order():
    found = app_order_violations(import_graph())
    title = "Imports against portal ← partners ← practices ← projects (newsletter → portal):"
    assert found == [], _report(title, found)


def test_layers_inside_each_app():
    found = layer_violations(import_graph())
    assert found == [], _report("Imports against models/rules → queries/services/tasks → forms → views:", found)


def test_services_take_data_not_forms():
    found = form_arguments_below_forms()
    assert found == [], _report("Forms handed to models, queries, services or tasks:", found)


# --- The checker on a made-up project: it finds what it must find --------------------------------


def test_only_celery_and_app_configs_import_a_tasks_module():
    """Tasks wrap services, never the other way: a service queues a task by name
    (portal.celery.enqueue_on_commit); apps.py imports tasks.py so that Celery knows them."""
    graph = import_graph()
    importers = {
        module: sorted(target for target in targets if target.endswith(".tasks"))
        for module, targets in graph.items()
        if any(target.endswith(".tasks") for target in targets) and not module.endswith(".apps")
    }
    assert importers == {}


def _write(base, files):
    for name, source in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def test_the_checker_finds_a_cycle_through_a_function_level_relative_import(tmp_path):
    _write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models.py": "def total():\n    from . import services\n    return services\n",
            "shop/services.py": "from .models import total\n",
            "shop/migrations/0001_initial.py": "from shop import views\n",
            "shop/views.py": "from shop import services, models\n",
        },
    )
    graph = import_graph(tmp_path, ["shop"])
    assert graph["shop.models"] == {"shop.services": 2}
    assert "shop.migrations.0001_initial" not in graph
    assert cycles(graph) == [["shop.models", "shop.services", "shop.models"]]
    assert layer_violations(graph) == [
        "shop.models (line 2) imports shop.services: models/rules may not depend on queries/services/tasks"
    ]


def test_the_checker_sees_layers_through_helpers_and_apps_out_of_order(tmp_path):
    _write(
        tmp_path,
        {
            "portal/__init__.py": "",
            "portal/urls.py": "from partners import urls\nfrom partners.views import page\n",
            "portal/models.py": "",
            "partners/__init__.py": "",
            "partners/urls.py": "",
            "partners/helpers.py": "import partners.forms\n",
            "partners/forms.py": "from portal.models import *\n",
            "partners/services.py": "from partners import helpers\n\ndef apply(form, *, by):\n    form.save()\n",
            "partners/views.py": "page = 1\n",
            "newsletter/__init__.py": "",
            "newsletter/models.py": "from partners.models import Organisation\n",
            "partners/models.py": "",
        },
    )
    graph = import_graph(tmp_path, ["portal", "partners", "newsletter"])
    assert cycles(graph) == []
    assert app_order_violations(graph) == [
        "newsletter.models (line 1) imports partners.models: newsletter may not depend on partners",
        "portal.urls (line 2) imports partners.views: portal may not depend on partners",
    ]
    assert layer_violations(graph) == [
        "partners.services (line 1) imports partners.forms (through partners.helpers): "
        "queries/services/tasks may not depend on forms"
    ]
    assert form_arguments_below_forms(tmp_path, ["partners"]) == ["partners.services.apply (line 3) takes a form: form"]


def test_every_import_of_a_module_is_one_edge(tmp_path):
    _write(tmp_path, {"a/__init__.py": "", "a/models.py": "", "a/views.py": "import a.models\nfrom a import models\n"})
    assert import_graph(tmp_path, ["a"])["a.views"] == {"a.models": 1}
