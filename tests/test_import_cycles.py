"""Imports run one way (CONVENTIONS: rules/models -> queries/services -> forms -> views; tasks wrap
services): no module of the project's apps imports, even inside a function, a module that imports it
back, directly or through a longer circle. Read from the source with ast, so an import hidden in a
function counts as much as one at the top."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["portal", "partners", "practices", "projects", "newsletter"]
ROOT = Path(settings.BASE_DIR)


def _modules(root, apps):
    """{dotted name: (path, is a package)} of every module of the apps (migrations aside)."""
    modules = {}
    for app in apps:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.relative_to(root).parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def _import_graph(root=ROOT, apps=APPS):
    """{module: {modules it imports}}. ``from a.b import c`` imports a.b (and a.b.c when c is a
    module), and every package on the way (a): a package's __init__ runs on the first import of any of
    its modules, except the packages the importing module belongs to, which are loading already."""
    modules = _modules(root, apps)

    def known(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    source = f"{base}.{node.module}" if node.module else base
                else:
                    source = node.module
                names = [source] + [f"{source}.{alias.name}" for alias in node.names]
            else:
                continue
            for imported in names:
                target = known(imported)
                while target:
                    if not (name == target or name.startswith(target + ".")):
                        targets.add(target)
                    target = target.rpartition(".")[0]
        graph[name] = targets
    return graph


def _circles(graph):
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_a_module_that_imports_it_back():
    graph = _import_graph()
    circles = _circles(graph)
    described = [
        "; ".join(f"{module} -> {', '.join(sorted(graph[module] & set(circle)))}" for module in circle)
        for circle in circles
    ]
    assert described == []


def test_the_checker_finds_a_circle_hidden_in_a_function(tmp_path):
    # portal/mail.py <-> portal/tasks.py as they were before issue 12: the test above would name them.
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mail.py").write_text("def queue_message(message):\n    from .tasks import send_email\n")
    (package / "tasks.py").write_text("from .mail import payload_to_message\n")
    (package / "models.py").write_text("import shop.rules\n")
    (package / "rules.py").write_text("")
    graph = _import_graph(tmp_path, ["shop"])
    assert graph["shop.mail"] == {"shop.tasks"}
    assert _circles(graph) == [["shop.mail", "shop.tasks"]]


def test_only_celery_and_app_configs_import_a_tasks_module():
    """Tasks wrap services, never the other way: a service queues a task by name
    (portal.celery.enqueue_on_commit)."""
    graph = _import_graph()
    importers = {
        module: sorted(target for target in targets if target.endswith(".tasks"))
        for module, targets in graph.items()
        if any(target.endswith(".tasks") for target in targets) and not module.endswith(".apps")
    }
    assert importers == {}
